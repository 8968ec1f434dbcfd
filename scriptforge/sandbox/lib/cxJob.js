// cxJob: the persistent job queue. add() returns the job; `await job.result` waits for it.
(function (host) {
  function add(script, fn, data, options) {
    return host("job.add", [script, fn === undefined ? null : fn, data === undefined ? null : data,
      options || {}]).then((job) => Object.assign({}, job, {
      get result() { return host("job.result", [job.id]); },
    }));
  }
  return {
    add,
    scriptForge: (script, data, options) => add(script, null, data, options),
    setProgress: (progress) => host("job.progress", [progress]),
    setData: (data) => host("job.data", [data]),
  };
})
