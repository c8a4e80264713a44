/**
 * A listening server that can be taken off the network and put back on the same port, so
 * the simulator can play a core that refuses connections and later comes back.
 */
import type net from 'node:net';

export class SuspendableListener {
  readonly #server: net.Server;
  readonly #host: string;
  readonly #sockets = new Set<net.Socket>();
  #port = 0;
  #listening = false;

  constructor(server: net.Server, host: string) {
    this.#server = server;
    this.#host = host;
    server.on('connection', (socket: net.Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get port(): number {
    return this.#port;
  }

  /** Listens on `port` (0 picks a free one); resolves with the port. */
  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.once('error', onError);
      this.#server.listen({ port, host: this.#host }, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
    this.#port = address.port;
    this.#listening = true;
    return this.#port;
  }

  /** Stops accepting and drops every connection: clients see resets, then refusals. */
  async suspend(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  async resume(): Promise<void> {
    if (this.#listening) return;
    await this.listen(this.#port);
  }

  async close(): Promise<void> {
    await this.suspend();
  }
}
