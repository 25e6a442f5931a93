// An unexpected console.error fails the test that caused it (STYLE.md, habit 9).
import { afterEach, vi } from "vitest";

const errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

afterEach(() => {
  const seen = errors.splice(0);
  if (seen.length) throw new Error(`console.error was called:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
});

export function expectConsoleError(fn: () => Promise<unknown>) {
  return async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      return await fn();
    } finally {
      spy.mockRestore();
    }
  };
}
