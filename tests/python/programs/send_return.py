# send() into a generator; its return value comes back as StopIteration.value.
def averager():
    total = 0
    count = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
        count += 1
    return total / count


avg = averager()
next(avg)
avg.send(10)
avg.send(20)
try:
    avg.send(None)
except StopIteration as stop:
    print("average", stop.value)
