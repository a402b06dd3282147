#pragma once

// QCoro's awaitables with the name of what they wait for kept, so that a task
// parked on one waits for "QTimer::timeout" or "QTcpSocket::readyRead" in
// every view, not for QCoro's task type. A program that says
// `using namespace coroscope` gets these overloads in place of QCoro's (they
// are the more specialised ones):
//  - qCoro(obj, &Class::signal); a signal declared in a base class of the
//    object falls back to QCoro's own;
//  - qCoro(socket) for an object QCoro wraps as a socket or TCP server
//    (QCoroNetwork): its waits are named after the signal each one waits for.
//    QCoro's own overload stays the better match for an object of exactly the
//    type it takes (a QTcpServer, a QAbstractSocket), and for other objects.

#include <QCoroSignal>
#include <QMetaMethod>
#include <coroscope/detail/taskpromise.h>
#include <type_traits>
#include <utility>

namespace QCoro::detail {
class QCoroAbstractSocket;
class QCoroTcpServer;
} // namespace QCoro::detail

// QCoro's wrapper for an object, looked up where it is used (argument-dependent
// lookup), so that the network overloads a program includes after this header count.
namespace coroscope_qcoro {
template<class T>
auto wrapperOf(T *obj) -> decltype(qCoro(obj))
{
    return qCoro(obj);
}
} // namespace coroscope_qcoro

namespace coroscope {

template<QCoro::detail::concepts::QObject T, class R, class... Args>
auto qCoro(T *obj, R (T::*signal)(Args...))
{
    const QMetaMethod method = QMetaMethod::fromSignal(signal);
    QString name = QString::fromLatin1(T::staticMetaObject.className()) + QStringLiteral("::") +
                   QString::fromLatin1(method.name());
    return detail::NamedWait<decltype(::qCoro(obj, std::move(signal)))>{::qCoro(obj, std::move(signal)),
                                                                        std::move(name)};
}

namespace detail {

template<class W>
concept NamedSocketWrapper =
    std::is_same_v<W, QCoro::detail::QCoroAbstractSocket> || std::is_same_v<W, QCoro::detail::QCoroTcpServer>;

// Each awaitable a socket or server wrapper hands out, named "<object's class>::<signal it waits for>".
template<class W>
class NamedSocketWaits
{
public:
    NamedSocketWaits(W &&wrapper, const char *className)
        : m_wrapper(std::move(wrapper)), m_class(QString::fromLatin1(className))
    {}

#define COROSCOPE_NAMED_WAIT(method, signal)                                                                 \
    template<class... A>                                                                                     \
    requires requires(W & w, A && ...a)                                                                      \
    {                                                                                                        \
        w.method(std::forward<A>(a)...);                                                                     \
    }                                                                                                        \
    auto method(A &&...a)                                                                                    \
    {                                                                                                        \
        using Awaitable = decltype(m_wrapper.method(std::forward<A>(a)...));                                 \
        return NamedWait<Awaitable>{m_wrapper.method(std::forward<A>(a)...),                                 \
                                    m_class + QStringLiteral(signal)};                                       \
    }
    COROSCOPE_NAMED_WAIT(readAll, "::readyRead")
    COROSCOPE_NAMED_WAIT(read, "::readyRead")
    COROSCOPE_NAMED_WAIT(readLine, "::readyRead")
    COROSCOPE_NAMED_WAIT(waitForReadyRead, "::readyRead")
    COROSCOPE_NAMED_WAIT(write, "::bytesWritten")
    COROSCOPE_NAMED_WAIT(waitForBytesWritten, "::bytesWritten")
    COROSCOPE_NAMED_WAIT(connectToHost, "::connected")
    COROSCOPE_NAMED_WAIT(waitForConnected, "::connected")
    COROSCOPE_NAMED_WAIT(waitForDisconnected, "::disconnected")
    COROSCOPE_NAMED_WAIT(waitForNewConnection, "::newConnection")
#undef COROSCOPE_NAMED_WAIT

private:
    W m_wrapper;
    QString m_class;
};

} // namespace detail

template<QCoro::detail::concepts::QObject T>
requires detail::NamedSocketWrapper<decltype(coroscope_qcoro::wrapperOf(std::declval<T *>()))>
auto qCoro(T *obj)
{
    using W = decltype(coroscope_qcoro::wrapperOf(obj));
    return detail::NamedSocketWaits<W>(coroscope_qcoro::wrapperOf(obj), obj->metaObject()->className());
}
template<QCoro::detail::concepts::QObject T>
requires detail::NamedSocketWrapper<decltype(coroscope_qcoro::wrapperOf(std::declval<T *>()))>
auto qCoro(T &obj)
{
    return coroscope::qCoro(&obj);
}

} // namespace coroscope
