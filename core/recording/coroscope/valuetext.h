#pragma once

// The one customization point that turns a value into the text the views show.
//
// Resolution order for a value v of type T:
//   1. a user overload `QString coroscopeText(const T&)` found by ADL;
//   2. QString, string types, bool, characters, integers, floating point;
//   3. enums registered with Q_ENUM (their key), other enums (type + number);
//   4. std::optional, std::pair, std::tuple, std::vector (element-wise);
//   5. anything QDebug can stream;
//   6. otherwise the type's name in angle brackets. It never fails to compile.

#include <QDebug>
#include <QLocale>
#include <QMetaEnum>
#include <QString>
#include <cmath>
#include <concepts>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace coroscope {

namespace detail {
template <class T>
constexpr std::string_view typeNameView() noexcept
{
    std::string_view p = __PRETTY_FUNCTION__;
#if defined(__clang__)
    const auto start = p.find("T = ") + 4;
    const auto end = p.rfind(']');
#else
    const auto start = p.find("T = ") + 4;
    const auto end = p.find_first_of(";]", start);
#endif
    return p.substr(start, end - start);
}

template <class T>
concept HasCoroscopeText = requires(const T &v) {
    { coroscopeText(v) } -> std::convertible_to<QString>;
};
template <class T>
concept QDebugStreamable = requires(QDebug d, const T &v) { d << v; };

template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class T> struct IsPair : std::false_type {};
template <class A, class B> struct IsPair<std::pair<A, B>> : std::true_type {};
template <class T> struct IsTuple : std::false_type {};
template <class... A> struct IsTuple<std::tuple<A...>> : std::true_type {};
template <class T> struct IsVector : std::false_type {};
template <class T, class A> struct IsVector<std::vector<T, A>> : std::true_type {};
} // namespace detail

template <class T>
QString typeName()
{
    const auto v = detail::typeNameView<T>();
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

template <class T>
QString toText(const T &v)
{
    using U = std::remove_cvref_t<T>;
    if constexpr (detail::HasCoroscopeText<U>) {
        return QString(coroscopeText(v));
    } else if constexpr (std::is_same_v<U, QString>) {
        return u'"' + v + u'"';
    } else if constexpr (std::is_same_v<U, std::string> || std::is_same_v<U, std::string_view>) {
        return u'"' + QString::fromUtf8(v.data(), qsizetype(v.size())) + u'"';
    } else if constexpr (std::is_same_v<U, const char *> || std::is_same_v<U, char *>) {
        return v ? u'"' + QString::fromUtf8(v) + u'"' : QStringLiteral("nullptr");
    } else if constexpr (std::is_same_v<U, bool>) {
        return v ? QStringLiteral("true") : QStringLiteral("false");
    } else if constexpr (std::is_same_v<U, char>) {
        return u'\'' + QString(QLatin1Char(v)) + u'\'';
    } else if constexpr (std::is_integral_v<U>) {
        return QString::number(v);
    } else if constexpr (std::is_floating_point_v<U>) {
        // Python's repr: the shortest text that reads back exactly, and "3.0" rather than "3".
        QString t = QString::number(double(v), 'g', QLocale::FloatingPointShortest);
        if (v == 0 && std::signbit(v) && !t.startsWith(u'-'))
            t.prepend(u'-'); // Qt drops the sign of -0.0; Python's repr keeps it
        if (!t.contains(u'.') && !t.contains(u'e') && !t.contains(u'n') && !t.contains(u'i'))
            t += QStringLiteral(".0");
        return t;
    } else if constexpr (std::is_enum_v<U>) {
        if constexpr (QtPrivate::IsQEnumHelper<U>::Value) {
            const QMetaEnum me = QMetaEnum::fromType<U>();
            if (const char *key = me.valueToKey(int(v)))
                return QString::fromUtf8(key);
        }
        return typeName<U>() + u'(' + QString::number(qlonglong(v)) + u')';
    } else if constexpr (std::is_same_v<U, std::monostate> || std::is_same_v<U, std::nullopt_t>) {
        return QStringLiteral("None");
    } else if constexpr (detail::IsOptional<U>::value) {
        return v ? toText(*v) : QStringLiteral("None");
    } else if constexpr (detail::IsPair<U>::value) {
        return u'(' + toText(v.first) + u", " + toText(v.second) + u')';
    } else if constexpr (detail::IsTuple<U>::value) {
        QString out = QStringLiteral("(");
        std::apply([&out](const auto &...e) {
            bool first = true;
            ((out += (first ? QString() : QStringLiteral(", ")) + toText(e), first = false), ...);
        }, v);
        return out + u')';
    } else if constexpr (detail::IsVector<U>::value) {
        QString out = QStringLiteral("[");
        for (std::size_t i = 0; i < v.size(); ++i)
            out += (i ? QStringLiteral(", ") : QString()) + toText(v[i]);
        return out + u']';
    } else if constexpr (detail::QDebugStreamable<U>) {
        QString out;
        QDebug(&out).noquote().nospace() << v;
        return out;
    } else {
        return u'<' + typeName<U>() + u'>';
    }
}

// Parses text typed by the user (the Send box) into a T; nullopt when it does not parse.
template <class T>
std::optional<T> fromText(const QString &text)
{
    const QString t = text.trimmed();
    bool ok = false;
    if constexpr (std::is_same_v<T, bool>) {
        if (t == u"true" || t == u"True" || t == u"1")
            return true;
        if (t == u"false" || t == u"False" || t == u"0")
            return false;
        return std::nullopt;
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
        const qlonglong v = t.toLongLong(&ok);
        if (!ok || v < qlonglong(std::numeric_limits<T>::min()) || v > qlonglong(std::numeric_limits<T>::max()))
            return std::nullopt;
        return T(v);
    } else if constexpr (std::is_integral_v<T>) {
        const qulonglong v = t.toULongLong(&ok);
        if (!ok || v > qulonglong(std::numeric_limits<T>::max()))
            return std::nullopt;
        return T(v);
    } else if constexpr (std::is_floating_point_v<T>) {
        const double v = t.toDouble(&ok);
        return ok ? std::optional<T>(T(v)) : std::nullopt;
    } else if constexpr (std::is_same_v<T, QString>) {
        if (t.size() >= 2 && t.startsWith(u'"') && t.endsWith(u'"'))
            return t.mid(1, t.size() - 2);
        return t;
    } else if constexpr (std::is_same_v<T, std::string>) {
        auto s = fromText<QString>(text);
        return s ? std::optional<T>(s->toStdString()) : std::nullopt;
    } else {
        return std::nullopt;
    }
}

template <class T>
concept ParsableFromText = std::is_arithmetic_v<T> || std::is_same_v<T, QString> || std::is_same_v<T, std::string>;

} // namespace coroscope
