#pragma once

// The one look of every table in the app: flat lists, uniform rows, sensible
// column widths, a filter box with a clear button.

#include <QString>

class QAbstractItemView;
class QHeaderView;
class QLineEdit;
class QTreeView;
class QWidget;
class QLabel;

namespace coroscope::ui {

// A flat table: no root decoration, uniform row heights (fast on long lists), alternating rows.
void setUpTable(QTreeView *view);
// Sizes columns from a sample text each, in the view's font ("00000" for an id …); the last one stretches.
void setColumnSamples(QTreeView *view, const QStringList &samples);
// The same for a view with its own column header (the event log's).
void setColumnSamples(QAbstractItemView *view, QHeaderView *header, const QStringList &samples);
// Texts too long for `column` lose their middle, not their end: "yield_from…cpp:30" keeps the line.
void elideMiddle(QAbstractItemView *view, int column);
QLineEdit *makeFilterBox(const QString &placeholder, QWidget *parent);
// A small, dimmed caption above a table ("Ready queue — front runs next").
QLabel *makeCaption(const QString &text, QWidget *parent);
// The standard margins and spacing inside a dock.
constexpr int kDockMargin = 6;
constexpr int kDockSpacing = 4;

} // namespace coroscope::ui
