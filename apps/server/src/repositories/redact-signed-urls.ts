/**
 * ffmpeg and ffprobe name their input in what they print, and with S3 storage the input is a
 * presigned URL whose query string is a credential (docs/deploy.md, "Storage"). Their words go to
 * the log, so every URL's query is replaced first.
 */
export function redactSignedUrls(text: string): string {
  // The query ends at whitespace or a quote; a colon right before it is ffmpeg's, not the URL's.
  return text.replace(/(https?:\/\/[^\s?'"]+)\?[^\s'"]*?(?=:?(?:\s|['"]|$))/gi, '$1?[redacted]');
}
