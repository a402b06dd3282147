#include <coroscope/statemachine.h>

namespace coroscope {

namespace {

QString identifier(const QString &name)
{
    QString id;
    for (const QChar c : name)
        id += (c.isLetterOrNumber() || c == u'_') ? c : QChar(u'_');
    while (id.contains(QStringLiteral("__")))
        id.replace(QStringLiteral("__"), QStringLiteral("_"));
    if (id.isEmpty() || id.front().isDigit())
        id.prepend(u'f');
    return id;
}

QString target(const Trace &trace, const StateMachine &m, int node)
{
    const auto &n = m.nodes[std::size_t(node)];
    if (n.kind == StateMachine::NodeKind::Site)
        return QStringLiteral("case %1").arg(n.caseNumber);
    return m.nodeTitle(trace, node);
}

QString endComment(StateMachine::NodeKind kind)
{
    using K = StateMachine::NodeKind;
    switch (kind) {
    case K::Done:
        return QStringLiteral("/* co_return stored the value in the promise; final_suspend */");
    case K::Failed:
        return QStringLiteral("/* an exception escaped: stored in the promise; final_suspend */");
    case K::Cancelled:
        return QStringLiteral("/* CancelledError escaped; final_suspend */");
    case K::Closed:
        return QStringLiteral("/* close(): destroyed at its suspension point, destructors ran */");
    case K::Destroyed:
        return QStringLiteral("/* the frame was destroyed while parked: the rest never ran */");
    case K::Start:
    case K::Site:
        break;
    }
    return {};
}

} // namespace

LoweredForm lowerToSwitch(const Trace &trace, const StateMachine &m, const QStringList &sourceLines)
{
    LoweredForm out;
    out.blocks.assign(m.nodes.size(), {-1, -1});
    if (m.coroutine == 0 || m.coroutine > trace.coroutineCount() || m.nodes.empty())
        return out;
    const CoroutineInfo &info = trace.coroutine(m.coroutine);
    const QString fn = identifier(info.name.section(QStringLiteral("::"), -1)); // a function name, unqualified
    QStringList lines;
    lines << QStringLiteral("// %1 as the compiler lowers it: a heap frame (%2 bytes) that keeps")
                 .arg(info.name + QStringLiteral("()"))
                 .arg(info.frameSize)
          << QStringLiteral("// `state`, and a resume function that jumps back to where it last suspended.")
          << QStringLiteral("void %1_resume(%1_frame *frame)").arg(fn) << QStringLiteral("{")
          << QStringLiteral("    switch (frame->state) {");

    auto edgesFrom = [&](int node) {
        for (const auto &e : m.edges) {
            if (e.from != node)
                continue;
            QString line = QStringLiteral("        // ") + e.label() + QStringLiteral("  →  ") + target(trace, m, e.to);
            if (e.count > 1)
                line += QStringLiteral("  (×%1)").arg(e.count);
            lines << line;
        }
    };

    // Cases in switch order: start, then the points by case number.
    std::vector<int> order(m.nodes.size(), -1);
    for (std::size_t i = 0; i < m.nodes.size(); ++i)
        if (m.nodes[i].kind == StateMachine::NodeKind::Start || m.nodes[i].kind == StateMachine::NodeKind::Site)
            order[std::size_t(m.nodes[i].caseNumber)] = int(i);
    for (const int node : order) {
        if (node < 0)
            continue;
        const auto &n = m.nodes[std::size_t(node)];
        const int first = int(lines.size());
        if (n.kind == StateMachine::NodeKind::Start) {
            lines << QStringLiteral("    case 0: /* start */");
        } else {
            const int line = n.site ? trace.site(n.site).line : 0;
            lines << QStringLiteral("    case %1: /* resumed at %2 */").arg(n.caseNumber).arg(m.nodeTitle(trace, node));
            if (line > 0 && line <= sourceLines.size())
                lines << QStringLiteral("        //   ") + sourceLines.at(line - 1).trimmed();
        }
        edgesFrom(node);
        lines << QStringLiteral("        return;");
        out.blocks[std::size_t(node)] = {first, int(lines.size()) - 1};
    }
    lines << QStringLiteral("    }");
    for (std::size_t i = 0; i < m.nodes.size(); ++i) {
        const auto kind = m.nodes[i].kind;
        if (kind == StateMachine::NodeKind::Start || kind == StateMachine::NodeKind::Site)
            continue;
        out.blocks[i] = {int(lines.size()), int(lines.size())};
        lines << m.nodeTitle(trace, int(i)) + QStringLiteral(": ") + endComment(kind);
    }
    lines << QStringLiteral("}");
    out.text = lines.join(u'\n');
    return out;
}

} // namespace coroscope
