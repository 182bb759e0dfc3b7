"""What answers HTTP: the Dash app, its layout and callbacks, the routes beside it, security and the server."""
