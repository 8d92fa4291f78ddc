// An iCalendar (RFC 5545) file of all-day events. Pure: the caller passes
// the time stamp and host, so the same input always gives the same text.

export function escapeText(text) {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

// RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space,
// never splitting a UTF-8 character.
export function fold(line) {
  const encoder = new TextEncoder();
  const out = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > 75) {
      out.push(current);
      current = " ";
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join("\r\n");
}

// FNV-1a: a short, stable tag for a result's address (not security relevant).
export function hash(text) {
  let x = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) x = Math.imul(x ^ byte, 0x01000193) >>> 0;
  return x.toString(36);
}

// All-day events end on the next day (DTEND is exclusive).
export function nextDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replace(/-/g, "");
}

export function stampOf(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

// A reminder at 9:00 in Japan (00:00 UTC) on a day the engine chose.
export function trigger(isoDay) {
  return `TRIGGER;VALUE=DATE-TIME:${isoDay.replace(/-/g, "")}T000000Z`;
}

// events: [{date: "YYYY-MM-DD", summary, reminders?: ["YYYY-MM-DD", ...]}], worded by the engine.
export function ics({ kind, events, description, url, stamp, host }) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kmc-guide//date calculator//JA", "CALSCALE:GREGORIAN"];
  events.forEach((event, n) => {
    lines.push("BEGIN:VEVENT",
      // Stable per result and date, so importing the same result again updates instead of duplicating.
      `UID:kmc-${kind}-${event.date}-${n}-${hash(url)}@${host || "localhost"}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${event.date.replace(/-/g, "")}`,
      `DTEND;VALUE=DATE:${nextDay(event.date)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `URL:${url}`,
      "TRANSP:TRANSPARENT",
      ...(event.reminders || []).flatMap((day) => ["BEGIN:VALARM", "ACTION:DISPLAY", trigger(day),
        `DESCRIPTION:${escapeText(event.summary)}`, "END:VALARM"]),
      "END:VEVENT");
  });
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
