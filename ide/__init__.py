"""The IDE: one browser workspace over an app's pages, scripts, data, templates and settings."""
