/**
 * A minimal Server-Sent Events reader for tests, over a real socket: collects `data:` messages
 * (parsed as JSON) and comment lines, and lets a test wait for a message matching a predicate.
 */
export interface SseMessage {
  type: string;
  data: Record<string, unknown>;
}

export class SseStream {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    const stream = new SseStream(response, controller);
    if (response.ok && response.body) void stream.pump(response.body);
    return stream;
  }

  /** Resolves with the first message (already received or arriving) that matches, or rejects after timeoutMs. */
  async waitFor(predicate: (m: SseMessage) => boolean, timeoutMs = 5_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.ended)
        throw new Error(`no matching SSE message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server has sent its opening comment (the subscription is then live). */
  async connected(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.comments.includes('connected')) {
      if (Date.now() > deadline || this.ended) throw new Error('SSE stream did not open');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** True once the stream is over (ended by the server, or closed by close()). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Resolves when the server ends the stream; rejects if it is still open after timeoutMs. */
  async waitForEnd(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE stream still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let sep = buffer.indexOf('\n\n');
        while (sep >= 0) {
          this.parseBlock(buffer.slice(0, sep));
          buffer = buffer.slice(sep + 2);
          sep = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private parseBlock(block: string): void {
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry:')) this.retry = Number(line.slice(6).trim());
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) this.messages.push(JSON.parse(data.join('\n')) as SseMessage);
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
