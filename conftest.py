import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # eventlet announces its own deprecation on import; nameko 2 needs it
    import eventlet

eventlet.monkey_patch()  # must come first: nameko container tests hang under plain pytest otherwise
