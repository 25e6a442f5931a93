// What the server prints about a failure must not carry personal data or credentials: error
// messages can quote the values that caused them (a phone, an e-mail, a connection string).
// Server logs are read by more people, and kept longer, than the database.

const RULES: Array<[RegExp, string]> = [
  // credentials inside URLs: postgresql://user:secret@host, smtps://user:pass@smtp…
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, "$1[redacted]@"],
  // Authorization / Cookie / Set-Cookie header values
  [/\b(authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\n]+/gi, "$1$2[redacted]"],
  [/\bBearer\s+[\w.~+/-]+=*/gi, "Bearer [redacted]"],
  // secrets as configured (Stripe keys, webhook secrets)
  [/\b(sk|rk|pk)_(test|live)_\w+/g, "$1_$2_[redacted]"],
  [/\bwhsec_\w+/g, "whsec_[redacted]"],
  [/\bcn_session=[^;\s"']*/g, "cn_session=[redacted]"],
  // e-mail addresses
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "[email]"],
  // Vietnamese phone numbers however they are typed: +84 912 345 678, 0912.345.678, 84912345678
  [/(?<![\w.+])(\+?84|0)(?:[\s.-]?\d){8,10}(?![\w])/g, "[phone]"],
  // session tokens (20 random bytes, base32) and their sha256 ids
  [/\b[a-z2-7]{32}\b/g, "[token]"],
  [/\b[0-9a-f]{64}\b/g, "[hash]"],
];

export function redactForLog(text: string): string {
  return RULES.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

/**
 * Prisma's errors quote the whole call, values included ("Invalid `prisma.user.create()`
 * invocation: { data: { phone: …, passwordHash: … } } Argument `name` is missing."), whatever the
 * client's errorFormat: only the first line and the conclusion are kept.
 */
function withoutQueryArguments(message: string): string {
  const call = /Invalid `(prisma\.[\w$.]+\(\))` invocation/.exec(message);
  if (!call) return message;
  const conclusion = message.trim().split(/\n\s*\n/).pop()!.trim();
  return `Invalid \`${call[1]}\` invocation (arguments not logged): ${conclusion}`;
}

/** One line (plus stack frames) for a failed request: method, path without its query, the error. */
export function describeFailure(error: unknown, request?: { method: string; url: string }): string {
  const where = request ? `${request.method} ${safePath(request.url)}: ` : "";
  let what: string;
  if (error instanceof Error) {
    const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    what = [`${error.name}: ${withoutQueryArguments(error.message)}`, ...frames].join("\n");
  } else {
    what = String(error);
  }
  return redactForLog(where + what);
}

function safePath(url: string): string {
  try {
    return new URL(url, "http://x").pathname;
  } catch {
    return "(bad url)";
  }
}
