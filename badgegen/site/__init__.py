"""The human site: template views (the privacy boundary), theme lookup and page rendering."""
