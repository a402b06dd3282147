# `yield from`: the outer generator passes its sub-generator's values on and gets its return value.
def subtotal():
    yield 1
    yield 2
    return 3


def outer():
    result = yield from subtotal()
    yield result


print(list(outer()))
