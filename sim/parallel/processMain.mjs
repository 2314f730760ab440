// A child process of processPool.ts: the process counterpart of threadMain.mjs. It takes the
// pool's first message (what to load and serve), registers tsx unless the module is bundled
// (threadBundle.ts), and hands the data and a port over the IPC channel to the module's serve
// function. It dies with its parent: the channel closes when the parent exits, however it exits.
process.on('disconnect', () => process.exit(0));

/** Messages that came before the module listened (a MessagePort queues them too). */
let early = [];
let listener = null;
let start = null;

/** The IPC channel as the part of a worker_threads MessagePort a serving module uses. */
const port = {
  on(event, handle) {
    if (event !== 'message') return port;
    listener = handle;
    const queued = early;
    early = [];
    for (const m of queued) handle(m);
    return port;
  },
  postMessage(message) {
    process.send?.(message);
  },
};

process.on('message', (m) => {
  if (start === null) {
    start = m;
    void serve(m);
  } else if (listener) listener(m);
  else early.push(m);
});

async function serve({ module, plain, serve: name, data }) {
  try {
    if (!plain) (await import('tsx/esm/api')).register();
    const served = await import(module);
    await served[name](data, port);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
}
