// cxRest: Trunkline's own REST API, as an API user: auth(user).get('customer/1').
(function (host) {
  function auth(user) {
    const call = (method) => (path, body) => host("rest", [user === undefined ? null : user,
      method, String(path), body === undefined ? null : body]);
    return Object.freeze({
      get: call("GET"), post: call("POST"), put: call("PUT"), patch: call("PATCH"),
      delete: call("DELETE"), read: call("GET"), update: call("PUT"),
      create: (path, key, data) => call("POST")(data === undefined ? path : `${path}/${key}`,
        data === undefined ? key : data),
    });
  }
  return { __esModule: true, default: auth, auth };
})
