import { describe, expect, it } from "vitest";
import { safeRedirect } from "./http.server";

describe("safeRedirect", () => {
  it.each([
    ["/farms/vuon-ba-tam?x=1", "/farms/vuon-ba-tam?x=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\r\nSet-Cookie: x", "/"],
    ["//evil.com", "/"],
    ["/\\evil.com", "/"],
    ["\\\\evil.com", "/"],
    ["https://evil.com", "/"],
    ["http:evil.com", "/"],
    ["JaVaScRiPt:alert(1)", "/"],
    ["data:text/html,x", "/"],
    ["/\t/evil.com", "/"], // browsers drop tabs and newlines from URLs: this would be //evil.com
    [" //evil.com", "/"],
    ["/orders?page=2#top", "/orders?page=2#top"],
    [null, "/"],
    ["", "/"],
    // a Location header holds bytes: control characters refused, the rest percent-encoded (no 500)
    ["/\u0000", "/"],
    ["/a\u001bb", "/"],
    ["/search?q=sầu riêng", "/search?q=s%E1%BA%A7u ri%C3%AAng"],
    ["/farms/\u202Egnp", "/farms/%E2%80%AEgnp"],
    ["/a\uD800b", "/a%EF%BF%BDb"],
  ])("%s -> %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
