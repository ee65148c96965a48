import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeQuotedPrintable, findLink, latestLinkFor, linksIn, messageText, readMails } from "./mail";

const qpMail = (to: string, token: string) =>
  [
    "From: Acme <no-reply@localhost>",
    `To: Buyer <${to}>`,
    "Subject: Reset your password",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Reset it here: http://acme.localhost:18080/reset-password?token=3D" + token.slice(0, 10) + "=",
    token.slice(10),
    "",
    "--b1",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    `<a href=3D"http://acme.localhost:18080/reset-password?token=3D${token}">Reset</a> caf=C3=A9`,
    "--b1--",
    "",
  ].join("\r\n");

describe("e2e mail helpers", () => {
  it("decodes quoted-printable", () => {
    expect(decodeQuotedPrintable("a=3Db=\r\nc caf=C3=A9")).toBe("a=bc café");
  });

  it("finds the reset link in a multipart quoted-printable email", () => {
    const text = messageText(qpMail("b@x.co", "abcdefghijklmnopqrstuvwxyz"));
    expect(findLink(text, "/reset-password")).toBe("http://acme.localhost:18080/reset-password?token=abcdefghijklmnopqrstuvwxyz");
    expect(text).toContain("café");
  });

  it("picks the newest email addressed to the user", () => {
    const dir = mkdtempSync(join(tmpdir(), "mail-"));
    writeFileSync(join(dir, "1.eml"), qpMail("b@x.co", "oldtoken-0123456789"));
    writeFileSync(join(dir, "2.eml"), qpMail("b@x.co", "newtoken-0123456789"));
    writeFileSync(join(dir, "3.eml"), qpMail("other@x.co", "othertoken-0123456789"));
    const now = Date.now() / 1000;
    utimesSync(join(dir, "1.eml"), now - 30, now - 30);
    utimesSync(join(dir, "2.eml"), now - 20, now - 20);
    utimesSync(join(dir, "3.eml"), now - 10, now - 10);
    expect(latestLinkFor(dir, "B@x.co", "/reset-password")).toBe("http://acme.localhost:18080/reset-password?token=newtoken-0123456789");
  });

  it("lists every distinct link of an email once, hrefs and bare URLs alike", () => {
    const text = 'Open it: http://m.localhost/sell?a=1&vendor=v.\n<a href="http://m.localhost/sell?a=1&amp;vendor=v">Open</a> (http://m.localhost/x)';
    expect(linksIn(text)).toEqual(["http://m.localhost/sell?a=1&vendor=v", "http://m.localhost/x"]);
  });

  it("reads every email of the folder, newest first, with its links", () => {
    const dir = mkdtempSync(join(tmpdir(), "mail-"));
    writeFileSync(join(dir, "1.eml"), qpMail("a@x.co", "firsttoken-0123456789"));
    writeFileSync(join(dir, "2.eml"), qpMail("b@x.co", "secondtoken-0123456789"));
    const now = Date.now() / 1000;
    utimesSync(join(dir, "1.eml"), now - 30, now - 30);
    const mails = readMails(dir);
    expect(mails.map((m) => m.to)).toEqual(["Buyer <b@x.co>", "Buyer <a@x.co>"]);
    expect(mails[0]!.subject).toBe("Reset your password");
    expect(mails[0]!.links).toEqual(["http://acme.localhost:18080/reset-password?token=secondtoken-0123456789"]);
  });
});
