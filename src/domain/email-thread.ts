/**
 * An answer in the client's own email thread: "Re: " and their subject (once: "Re: Re:" is not added, nor after a
 * Spanish "RE:" or "RV:"), or `fallback` when their email had no subject.
 */
export function replySubject(theirs: string | undefined, fallback: string): string {
  const subject = theirs?.trim();
  if (!subject) return fallback;
  return /^(?:re|aw|rv|sv|antw)\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}
