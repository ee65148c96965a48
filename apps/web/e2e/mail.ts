import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Decodes a quoted-printable body (RFC 2045): soft line breaks and =XX octets, as UTF-8. */
export function decodeQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const ch = joined[i]!;
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

/** All text of a MIME message (every text part, transfer-decoded), for searching links. */
export function messageText(raw: string): string {
  const part = splitPart(raw);
  const ct = part.headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (/^multipart\//i.test(ct) && boundary) {
    return part.body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith("--"))
      .map((p) => messageText(p.replace(/^\r?\n/, "")))
      .join("\n");
  }
  const cte = (part.headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (cte === "quoted-printable") return decodeQuotedPrintable(part.body);
  if (cte === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  return part.body;
}

export function headerOf(raw: string, name: string): string {
  return splitPart(raw).headers[name.toLowerCase()] ?? "";
}

/** First link in the text whose path is `path` (e.g. /reset-password), HTML entities undone. */
export function findLink(text: string, path: string): string | null {
  const re = new RegExp(`https?://[^\\s"'<>]+${path.replace(/[/\\^$*+?.()|[\]{}-]/g, "\\$&")}\\?token=[^\\s"'<>]+`);
  const m = re.exec(text);
  return m ? m[0].replace(/&amp;/g, "&") : null;
}

/** Newest .eml file in `dir` addressed to `to` that contains a `path` link. */
export function latestLinkFor(dir: string, to: string, path: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files) {
    const raw = readFileSync(join(dir, f), "utf8");
    if (!headerOf(raw, "To").toLowerCase().includes(to.toLowerCase())) continue;
    const link = findLink(messageText(raw), path);
    if (link) return link;
  }
  return null;
}

/** Polls for the link: the worker sends mail asynchronously. */
export async function waitForLink(dir: string, to: string, path: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let link: string | null = null;
    try {
      link = latestLinkFor(dir, to, path);
    } catch {
      // the folder may not exist until the first email is written
    }
    if (link) return link;
    if (Date.now() > until) throw new Error(`no ${path} email to ${to} in ${dir} after ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One email from the outbox folder, decoded. */
export interface Mail {
  file: string;
  to: string;
  subject: string;
  /** every text part, transfer-decoded */
  text: string;
  /** every distinct http(s) link in it, in order of appearance */
  links: string[];
}

/** Every distinct http(s) link in the text: hrefs and bare URLs alike, HTML entities undone. */
export function linksIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
    // a bare URL at the end of a sentence keeps no trailing punctuation
    seen.add(m[0].replace(/&amp;/g, "&").replace(/[.,;:!?)]+$/, ""));
  }
  return [...seen];
}

/** Every .eml file in dir, newest first. */
export function readMails(dir: string): Mail[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .map(({ f }) => {
      const raw = readFileSync(join(dir, f), "utf8");
      const text = messageText(raw);
      return { file: f, to: headerOf(raw, "To"), subject: headerOf(raw, "Subject"), text, links: linksIn(text) };
    });
}

/** Polls dir for the newest email to `to` that satisfies match: the worker sends mail asynchronously. */
export async function waitForMail(dir: string, to: string, match: (m: Mail) => boolean, timeoutMs = 30_000): Promise<Mail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let found: Mail | undefined;
    try {
      found = readMails(dir).find((m) => m.to.toLowerCase().includes(to.toLowerCase()) && match(m));
    } catch {
      // the folder may not exist until the first email is written
    }
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching email to ${to} in ${dir} after ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
