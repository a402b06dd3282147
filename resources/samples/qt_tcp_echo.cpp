// qt_tcp_echo: a TCP echo over 127.0.0.1 with QCoro's network awaitables.
// The server task parks until a client connects, then until data arrives; the
// client parks until it is connected, then until the echo comes back. Each of
// those waits is an external wait: the operating system completes it.

#include "samplemains.h"

#include <coroscope/coroscope.h>

#include <QCoroAbstractSocket>
#include <QCoroIODevice>
#include <QCoroTcpServer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

// Reads until a whole line is there: TCP delivers bytes, not messages.
Task<QByteArray> readLine(QTcpSocket *socket)
{
    QByteArray data;
    while (!data.endsWith('\n')) {
        const QByteArray more = co_await qCoro(socket).readAll();
        if (more.isEmpty() && socket->state() != QAbstractSocket::ConnectedState)
            throw std::runtime_error("connection closed before a whole line arrived");
        data += more;
    }
    co_return data;
}

Task<void> server(QTcpServer *listener)
{
    QTcpSocket *peer = co_await qCoro(listener).waitForNewConnection(5000);
    if (!peer)
        throw std::runtime_error("no client connected");
    const QByteArray line = co_await readLine(peer);
    print("server: echoing", QString::fromUtf8(line.trimmed()));
    co_await qCoro(peer).write(line);
    co_await qCoro(peer).waitForDisconnected(5000);
    print("server: the client hung up");
}

Task<void> main(samples::SampleOptions)
{
    QTcpServer listener;
    if (!listener.listen(QHostAddress::LocalHost, 0)) // 127.0.0.1, any free port
        throw std::runtime_error("cannot listen on 127.0.0.1");
    TaskHandle<void> serving = EventLoop::current()->spawn(server(&listener), QStringLiteral("server"));
    co_await sleep(0ms); // let the server start waiting first

    QTcpSocket client;
    const bool connected =
        co_await qCoro(client).connectToHost(QHostAddress::LocalHost, listener.serverPort(), QIODevice::ReadWrite, 5s);
    if (!connected)
        throw std::runtime_error("cannot connect");
    print("client: connected");
    co_await qCoro(client).write(QByteArrayLiteral("hello, coroutines\n"));
    const QByteArray echo = co_await readLine(&client);
    print("client: got back", QString::fromUtf8(echo.trimmed()));
    client.disconnectFromHost();
    co_await serving;
}

} // namespace

coroscope::Task<void> coroscope::samples::qtTcpEchoMain(SampleOptions options)
{
    return main(std::move(options));
}
