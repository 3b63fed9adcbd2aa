import { randomUUID } from 'node:crypto';

/**
 * A local stand-in for Forge's async events: the real `@forge/events` `Queue.push()` posts to
 * `/webhook/queue/publish/…` through `__forge_fetch__` as the app (read from @forge/events 3.0.8
 * `out/queue.js`, `out/queries.js`); the runtime hands that request here. Consumers are the app's own handlers,
 * invoked as Forge does: `handler(asyncEvent, context)` with `{ body, queueName, jobId, eventId, retryContext? }`
 * and no user.
 *
 * Delivery is driven explicitly ({@link EventBroker.runNext}, {@link EventBroker.drain}) so tests are
 * deterministic, or by a timer ({@link EventBroker.startAuto}) in the preview. A consumer that throws is retried
 * up to {@link MAX_RETRIES} times with a `retryContext`, as Forge retries failed invocations.
 */

/** One queued event. `notBefore` is epoch ms. */
export interface QueuedEvent {
  eventId: string;
  jobId: string;
  queueName: string;
  body: Record<string, unknown>;
  notBefore: number;
  retryCount: number;
  lastError?: string;
}

/** A consumer's handler, as exported by the app (`function.handler`). */
export type ConsumerHandler = (event: Record<string, unknown>, context: Record<string, unknown>) => Promise<unknown>;

/** What happened to one delivered event. */
export interface Delivery {
  event: QueuedEvent;
  outcome: 'ok' | 'failed' | 'killed';
  error?: string;
}

/** How to run one invocation: used by tests to kill a consumer part-way. */
export interface RunOptions {
  /** Deliver an event even if its delay has not passed. */
  ignoreDelay?: boolean;
  /** The platform kills the invocation after this many product or storage calls (the next one throws). */
  killAfterCalls?: number;
  /** The invocation's time budget in ms (Forge consumers: 55 s by default, up to 900 s). */
  timeoutMs?: number;
}

/** Forge retries a failed async event invocation a few times. */
export const MAX_RETRIES = 4;

/** What the broker needs from the runtime that owns it. */
export interface BrokerHost {
  invoke(handler: ConsumerHandler, event: Record<string, unknown>, scope: { moduleKey: string; timeoutMs: number; killAfterCalls?: number }): Promise<unknown>;
}

/** An error the runtime throws into an invocation it has killed. */
export class InvocationKilledError extends Error {
  constructor() {
    super('The local runtime killed this invocation (simulated platform timeout)');
    this.name = 'InvocationKilledError';
  }
}

/** Queues, consumers and delivery. */
export class EventBroker {
  private readonly queue: QueuedEvent[] = [];
  private readonly consumers = new Map<string, { handler: ConsumerHandler; moduleKey: string; timeoutMs: number }>();
  /** Every delivery, in order (tests read it). */
  readonly deliveries: Delivery[] = [];
  /** Events given up after {@link MAX_RETRIES} retries. */
  readonly deadLetters: QueuedEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly host: BrokerHost,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers the consumer of a queue (the manifest's `consumer` module). */
  register(queueName: string, handler: ConsumerHandler, options: { moduleKey: string; timeoutMs?: number }): void {
    this.consumers.set(queueName, { handler, moduleKey: options.moduleKey, timeoutMs: options.timeoutMs ?? 55_000 });
  }

  /**
   * Accepts a push request body (`{queueName, jobId, payload:[{body, delayInSeconds?}]}`) and returns the HTTP
   * status Forge would: 201, or 400 for a malformed request.
   */
  publish(request: unknown): number {
    const r = request as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof r.queueName !== 'string' || !Array.isArray(r.payload)) return 400;
    const jobId = typeof r.jobId === 'string' ? r.jobId : randomUUID();
    for (const item of r.payload as { body?: unknown; delayInSeconds?: unknown }[]) {
      if (typeof item.body !== 'object' || item.body === null) return 400;
      const delay = typeof item.delayInSeconds === 'number' ? item.delayInSeconds : 0;
      this.queue.push({ eventId: randomUUID(), jobId, queueName: r.queueName, body: item.body as Record<string, unknown>, notBefore: this.now() + delay * 1000, retryCount: 0 });
    }
    this.kick();
    return 201;
  }

  /** Drops every queued event and the delivery log (tests). */
  clear(): void {
    this.queue.length = 0;
    this.deliveries.length = 0;
    this.deadLetters.length = 0;
  }

  /** Events waiting, in delivery order. */
  pending(): readonly QueuedEvent[] {
    return [...this.queue].sort((a, b) => a.notBefore - b.notBefore);
  }

  /** Delivers the next due event (or the next at all with `ignoreDelay`), or returns null when none is due. */
  async runNext(options: RunOptions = {}): Promise<Delivery | null> {
    const due = this.pending().find((e) => options.ignoreDelay === true || e.notBefore <= this.now());
    if (!due) return null;
    this.queue.splice(this.queue.indexOf(due), 1);
    const consumer = this.consumers.get(due.queueName);
    if (!consumer) {
      const delivery: Delivery = { event: due, outcome: 'failed', error: `No consumer for queue ${due.queueName}` };
      this.deliveries.push(delivery);
      this.deadLetters.push(due);
      return delivery;
    }
    const asyncEvent = {
      body: due.body,
      queueName: due.queueName,
      jobId: due.jobId,
      eventId: due.eventId,
      ...(due.retryCount > 0 ? { retryContext: { retryCount: due.retryCount, retryReason: 'FUNCTION_FAILED', retryData: null } } : {}),
    };
    let delivery: Delivery;
    try {
      await this.host.invoke(consumer.handler, asyncEvent, {
        moduleKey: consumer.moduleKey,
        timeoutMs: options.timeoutMs ?? consumer.timeoutMs,
        ...(options.killAfterCalls !== undefined ? { killAfterCalls: options.killAfterCalls } : {}),
      });
      delivery = { event: due, outcome: 'ok' };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      delivery = { event: due, outcome: e instanceof InvocationKilledError ? 'killed' : 'failed', error: message };
      if (due.retryCount < MAX_RETRIES) this.queue.push({ ...due, retryCount: due.retryCount + 1, notBefore: this.now(), lastError: message });
      else this.deadLetters.push({ ...due, lastError: message });
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  /**
   * Delivers events until none is due, at most `maxDeliveries` (a bound, so a job that re-queues itself forever
   * cannot hang a test). With `ignoreDelays`, delayed events are delivered at once.
   * @returns the deliveries made
   */
  async drain(options: { maxDeliveries: number; ignoreDelays?: boolean; timeoutMs?: number }): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (let i = 0; i < options.maxDeliveries; i++) {
      const delivery = await this.runNext({ ignoreDelay: options.ignoreDelays === true, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
      if (!delivery) break;
      out.push(delivery);
    }
    return out;
  }

  /** Delivers events in the background as they fall due (the preview). */
  startAuto(): void {
    this.running = true;
    this.kick();
  }

  /** Stops background delivery. */
  stopAuto(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private kick(): void {
    if (!this.running || this.timer) return;
    const next = this.pending()[0];
    if (!next) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.runNext().finally(() => this.kick());
      },
      Math.max(0, next.notBefore - this.now()),
    );
    this.timer.unref();
  }
}
