# throw() raises at the parked yield; the generator catches it and goes on. close() ends it.
def worker():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("caught", e)


w = worker()
next(w)
w.throw(ValueError("bad"))
w.close()
