// Reads a body off the network (an API response, an S3 object) up to a cap, so that a server cannot make a sync
// hold more than it allows: past the cap the read stops and the stream is destroyed, its connection with it.
// Plain Node; the caller says what the cap was and whose body went over it.

/** The body's bytes; null when it holds more than `maxBytes` (then no more of it is read). */
export async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving a for-await over a Node stream early destroys the stream.
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
