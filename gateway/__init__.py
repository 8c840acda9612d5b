"""The HTTP gateway, the projections that build the cross-programme views, and the web page."""
