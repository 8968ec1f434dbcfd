"""ScriptForge: sandboxed JavaScript functions, the back-end of every app.

``scriptforge.sandbox`` runs user code in QuickJS worker processes; the host libraries
(cxKV, cxUserspace, cxSend, cxJob, cxPubSub, cxRest, fetch) answer its requests from
asyncio; the models, REST API, jobs and schedules build on both.
"""
