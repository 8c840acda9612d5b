import eventlet

eventlet.monkey_patch()  # must come first: nameko container tests hang under plain pytest otherwise
