// The board's sense of time and its idle loop: the uptime clock (real or virtual), the timer
// list behind setTimeout/setInterval, the event queue Espruino drains between callbacks, and
// the bookkeeping of I/O the board started (so virtual time can wait for loopback servers).
import { performance } from 'node:perf_hooks';

const MIN_INTERVAL = 0.1; // ms, TIMER_MIN_INTERVAL in jsinteractive.h
const MAX_INTERVAL = 31536000001000; // ms, TIMER_MAX_INTERVAL
const MAX_EVENTS_PER_TURN = 20000;

export class Scheduler {
  // virtual: the clock only moves in advance(); otherwise it follows performance.now().
  constructor({ virtual, run }) {
    this.virtual = virtual;
    this.run = run; // run(job): executes a job with the board's uncaught-error handling
    this.bootAt = performance.now();
    this.vnow = 0;
    this.timers = []; // {id, due, interval, job, internal}
    this.events = [];
    this.drainScheduled = false;
    this.hostTimer = null;
    this.stopped = false;
    this.inflight = new Set();
    this.waiters = [];
    this.advancing = false;
  }

  // Board uptime in ms (float), the basis of getTime() before setTime().
  now() {
    return this.virtual ? this.vnow : performance.now() - this.bootAt;
  }

  // ---------------------------------------------------------------- timers

  // Espruino ids are array indices: last id + 1, or 1 when no timer exists (ids get reused).
  nextId() {
    let max = 0;
    for (const t of this.timers) if (!t.internal && t.id > max) max = t.id;
    return max + 1;
  }

  checkInterval(ms) {
    ms = Number(ms);
    if (Number.isNaN(ms) || ms < MIN_INTERVAL) ms = MIN_INTERVAL;
    if (ms > MAX_INTERVAL) return null;
    return ms;
  }

  addTimer(job, ms, repeat, internal = false) {
    const t = { id: internal ? 0 : this.nextId(), due: this.now() + ms, interval: repeat ? ms : 0, job, internal };
    this.timers.push(t);
    this.arm();
    return t.id;
  }

  clearTimer(id) {
    const i = this.timers.findIndex((t) => !t.internal && t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
    this.arm();
  }

  clearAllTimers() {
    this.timers = this.timers.filter((t) => t.internal);
    this.arm();
  }

  // changeInterval also turns a timeout into an interval, as in jswrap_interactive.c.
  changeInterval(id, ms) {
    const t = this.timers.find((x) => !x.internal && x.id === id);
    if (!t) return false;
    t.interval = ms;
    t.due = this.now() + ms;
    this.arm();
    return true;
  }

  // Moves every pending timer by -jumpMs: what a clock change behind the timers' back does.
  // Overdue timers fire once at the next pass (the board would fire intervals repeatedly).
  shiftTimers(jumpMs) {
    const now = this.now();
    for (const t of this.timers) t.due = Math.max(now, t.due - jumpMs);
    this.arm();
  }

  pendingTimers() {
    return this.timers.filter((t) => !t.internal).length;
  }

  // Runs every timer due at the current time, earliest first; intervals are rescheduled from
  // their due time (not from now), so late intervals catch up like Espruino's idle loop.
  runDue() {
    const now = this.now();
    let guard = 0;
    for (;;) {
      let next = null;
      for (const t of this.timers) {
        if (t.due <= now && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      }
      if (!next || this.stopped || guard++ > 100000) break;
      if (next.interval) next.due += next.interval;
      else this.timers.splice(this.timers.indexOf(next), 1);
      this.run(next.job);
      this.drain();
    }
    this.arm();
  }

  // Real time: keep one host timer aimed at the earliest board timer.
  arm() {
    if (this.virtual || this.stopped) return;
    if (this.hostTimer) clearTimeout(this.hostTimer);
    this.hostTimer = null;
    if (!this.timers.length) return;
    const due = Math.min(...this.timers.map((t) => t.due));
    const delay = Math.max(0, Math.min(due - this.now(), 2 ** 31 - 1));
    this.hostTimer = setTimeout(() => {
      this.hostTimer = null;
      this.runDue();
    }, delay);
  }

  // ---------------------------------------------------------------- event queue

  // jsiQueueEvents: run later, in order, after the current callback returns.
  queue(job) {
    if (this.stopped) return;
    this.events.push(job);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => {
        this.drainScheduled = false;
        this.drain();
      });
    }
  }

  drain() {
    let n = 0;
    while (this.events.length && !this.stopped) {
      if (n++ > MAX_EVENTS_PER_TURN) {
        this.queue(() => {});
        break;
      }
      this.run(this.events.shift());
    }
    this.wake();
  }

  // ---------------------------------------------------------------- I/O in flight

  // Marks I/O the board started; it counts as "in flight" until ended or until windowMs of
  // real time have passed (after that the board just sees a slow or silent peer).
  track(windowMs) {
    const token = {
      deadline: performance.now() + windowMs,
      ended: false,
      end: () => {
        if (token.ended) return;
        token.ended = true;
        this.inflight.delete(token);
        this.wake();
      },
      // Keeps it in flight a little longer (more data may follow what just arrived).
      extend: (ms) => {
        if (token.ended) return;
        token.deadline = Math.max(token.deadline, performance.now() + ms);
      },
      settleIn: (ms) => {
        if (token.ended) return;
        token.deadline = performance.now() + ms;
        this.wake();
      },
    };
    this.inflight.add(token);
    return token;
  }

  busy() {
    const now = performance.now();
    for (const t of this.inflight) if (now < t.deadline) return true;
    return this.events.length > 0;
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  // Resolves once the event queue is empty and no tracked I/O is within its window.
  async settle() {
    for (;;) {
      if (this.stopped) return;
      this.drain();
      if (!this.busy()) return;
      const now = performance.now();
      let until = Infinity;
      for (const t of this.inflight) if (t.deadline > now) until = Math.min(until, t.deadline);
      const wait = Math.max(1, Math.min(until - now, 50));
      await new Promise((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(done);
        if (this.events.length) setImmediate(done);
      });
    }
  }

  // Virtual time: run timers up to now+ms, jumping from timer to timer, letting I/O settle in
  // real time before each jump.
  async advance(ms) {
    if (!this.virtual) throw new Error('advance() needs a board with time: "virtual"');
    if (this.advancing) throw new Error('advance() is already running');
    this.advancing = true;
    try {
      const target = this.vnow + Math.max(0, Number(ms) || 0);
      for (;;) {
        await this.settle();
        if (this.stopped) return;
        let next = null;
        for (const t of this.timers) if (t.due <= target && (!next || t.due < next.due)) next = t;
        if (!next) break;
        if (next.due > this.vnow) this.vnow = next.due;
        this.runDue();
      }
      this.vnow = target;
      this.runDue();
      await this.settle();
    } finally {
      this.advancing = false;
    }
  }

  stop() {
    this.stopped = true;
    if (this.hostTimer) clearTimeout(this.hostTimer);
    this.hostTimer = null;
    this.timers = [];
    this.events = [];
    this.inflight.clear();
    this.wake();
  }
}
