"""The operations of the core: no HTTP in here, so the API, the UI and the CLI share them."""
