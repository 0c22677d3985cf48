// The worker thread's entry: the same TypeScript hook as the bin (hooks do not cross
// threads), then the worker module itself. See ../strip-types.js.
import '../strip-types.js';

const { default: runThread } = await import('./worker.ts');
export default runThread;
