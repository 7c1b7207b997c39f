"""The window: widgets only. They ask the main window, which asks the fetcher, credentials and settings."""
