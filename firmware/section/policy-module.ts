// The Storage module ddns.policy: what the engine loads it for, an answer to judge (send.ts).
// The rest of policy.ts (the retry and hold back-off, the whole answer table) is bundled where
// it is used: a module builds every function it exports when it is loaded.
export { classify, retryAfter } from './policy';
