// The page's side of the engine worker: one request at a time, each with a time limit. When a
// request runs past it, the worker is terminated and a fresh one started, so the page never hangs.

export class TimeoutError extends Error {
  constructor(ms) {
    super(`stopped after ${ms} ms`);
    this.name = 'TimeoutError';
    this.ms = ms;
  }
}

export class SupersededError extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'SupersededError';
  }
}

export class Engine {
  constructor({ timeoutMs = 3000, onStatus = () => {} } = {}) {
    this.timeoutMs = timeoutMs;
    this.onStatus = onStatus;
    this.queue = [];
    this.inFlight = null;
    this.nextId = 1;
    this.restarts = 0;
    this.fatal = null;
    this.start();
  }

  start() {
    this.isReady = false;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      if (!this.isReady) {
        this.fatal = event.message || 'the worker failed to start';
        this.onStatus({ fatal: this.fatal });
        this.failAll(new Error(this.fatal));
      }
    };
  }

  receive(msg) {
    if (msg.ready) {
      this.isReady = true;
      this.fatal = null;
      this.pump();
      return;
    }
    if (msg.fatal) {
      this.fatal = msg.fatal;
      this.onStatus({ fatal: msg.fatal });
      this.failAll(new Error(msg.fatal));
      return;
    }
    const req = this.inFlight;
    if (!req || req.id !== msg.id) return;
    clearTimeout(req.timer);
    this.inFlight = null;
    if ('failure' in msg) req.reject(new Error(msg.failure));
    else req.resolve(msg.result);
    this.pump();
  }

  failAll(err) {
    if (this.inFlight) {
      clearTimeout(this.inFlight.timer);
      this.inFlight.reject(err);
      this.inFlight = null;
    }
    for (const req of this.queue.splice(0)) req.reject(err);
  }

  /**
   * Send a request. A request with a `key` replaces a queued request with the same key (which is
   * rejected with a SupersededError): only the newest analysis or evaluation is worth running.
   */
  call(type, payload, { key = null, timeoutMs = this.timeoutMs } = {}) {
    if (this.fatal) return Promise.reject(new Error(this.fatal));
    return new Promise((resolve, reject) => {
      const req = { id: this.nextId++, type, payload, key, timeoutMs, resolve, reject, timer: null };
      if (key) {
        const i = this.queue.findIndex((q) => q.key === key);
        if (i >= 0) {
          this.queue[i].reject(new SupersededError());
          this.queue.splice(i, 1);
        }
      }
      this.queue.push(req);
      this.pump();
    });
  }

  pump() {
    if (!this.isReady || this.inFlight || this.queue.length === 0) return;
    const req = this.queue.shift();
    this.inFlight = req;
    this.onStatus({ busy: true });
    req.timer = setTimeout(() => this.timeout(req), req.timeoutMs);
    this.worker.postMessage({ id: req.id, type: req.type, payload: req.payload });
  }

  timeout(req) {
    if (this.inFlight !== req) return;
    this.inFlight = null;
    this.worker.terminate();
    this.restarts += 1;
    req.reject(new TimeoutError(req.timeoutMs));
    this.onStatus({ timeout: req.type });
    this.start();
  }

  /** Drop queued requests whose key starts with `prefix` (e.g. a population run that was stopped). */
  cancel(prefix) {
    this.queue = this.queue.filter((q) => {
      if (q.key && q.key.startsWith(prefix)) {
        q.reject(new SupersededError());
        return false;
      }
      return true;
    });
  }
}
