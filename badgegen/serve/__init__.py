"""`badgegen serve`: a local preview that rebuilds when the content changes and reloads the pages.

- `watch.py`: which file changes count (watchdog), and the quiet period before a rebuild;
- `session.py`: one rebuild: the whole site in memory, published to the preview folder;
- `overlay.py`: the problem list shown over the page when a rebuild fails;
- `app.py`: the WSGI app that serves the preview folder with the right media types;
- `server.py`: ties them together with livereload, which reloads the open pages.
"""
