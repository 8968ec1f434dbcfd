// cxUserspace: the app's databases (create/read/update/delete by area and key, get, sql).
(function (host) {
  const call = (op) => (...args) => host("userspace." + op, args);
  return { create: call("create"), read: call("read"), get: call("get"), update: call("update"),
    delete: call("delete"), random: call("random"), sql: call("sql") };
})
