// cxKV: the app's key/value store. kv holds strings, ko objects; incr is atomic.
(function (host) {
  const S = (key) => {
    if (key === undefined || key === null) throw new TypeError("cxKV: a key is required");
    return String(key);
  };
  const kv = Object.freeze({
    get: (key) => host("kv.get", [S(key)]),
    set: (key, value, ttl = 0) => host("kv.set", [S(key), S(value), Number(ttl) || 0]),
    del: (key) => host("kv.delete", [S(key)]),
    delete: (key) => host("kv.delete", [S(key)]),
  });
  const ko = Object.freeze({
    get: (key) => host("ko.get", [S(key)]),
    set: (key, value, ttl = 0) => host("ko.set", [S(key), value, Number(ttl) || 0]),
    del: (key) => host("kv.delete", [S(key)]),
  });
  const incr = (key, by = 1, expire = 0) => host("kv.incr", [S(key), Number(by), Number(expire) || 0]);
  const keys = (prefix = "") => host("kv.keys", [S(prefix)]);
  const usage = () => host("kv.usage", []);
  return { kv, ko, incr, keys, usage, get: kv.get, set: kv.set, del: kv.del, delete: kv.del };
})
