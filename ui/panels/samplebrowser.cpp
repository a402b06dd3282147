#include "samplebrowser.h"

#include "samplefiltermodel.h"
#include "samplelistmodel.h"
#include "viewsetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace coroscope::ui {

SampleBrowser::SampleBrowser(QWidget *parent)
    : QWidget(parent), m_model(new SampleListModel(this)), m_filter(new SampleFilterModel(this)),
      m_search(makeFilterBox(QStringLiteral("Search samples…"), this)), m_view(new QTreeView(this)),
      m_description(new QLabel(this)), m_open(new QPushButton(QStringLiteral("Open"), this)),
      m_openPython(new QPushButton(QStringLiteral("Open in Python"), this)),
      m_compare(new QPushButton(QStringLiteral("Compare"), this))
{
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("samplesView"));
    m_view->setModel(m_filter);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    // Two levels only: a small indent leaves the narrow dock's width to the titles.
    m_view->setIndentation(fontMetrics().horizontalAdvance(u'0') * 2);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->hideColumn(SampleListModel::NameColumn);
    m_view->expandAll();
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::RichText);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_description->setContentsMargins(2, 2, 2, 2);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_description);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The text wraps to the dock's width, however narrow: a long word (a file name in the key
    // points) must not widen the label and bring in a horizontal scroll bar that hides it all.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_description->setMinimumWidth(1);
    m_open->setEnabled(false);
    m_openPython->setEnabled(false);
    m_openPython->setToolTip(QStringLiteral("Run the sample's Python twin (CPython, under Coroscope's tracer)"));
    m_compare->setEnabled(false);
    m_compare->setObjectName(QStringLiteral("compareButton"));

    auto *below = new QWidget(this);
    auto *belowLayout = new QVBoxLayout(below);
    belowLayout->setContentsMargins(0, 0, 0, 0);
    belowLayout->setSpacing(kDockSpacing);
    belowLayout->addWidget(scroll, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_compare);
    buttons->addWidget(m_openPython);
    buttons->addWidget(m_open);
    belowLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(below);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->setSpacing(kDockSpacing);
    layout->addWidget(m_search);
    layout->addWidget(splitter, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterText(text);
        m_view->expandAll();
        // Keep a match selected so Enter opens it.
        if (currentSample().isEmpty()) {
            for (int g = 0; g < m_filter->rowCount(); ++g) {
                const QModelIndex first = m_filter->index(0, 0, m_filter->index(g, 0));
                if (first.isValid()) {
                    m_view->setCurrentIndex(first);
                    break;
                }
            }
        }
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!currentSample().isEmpty())
            Q_EMIT sampleActivated(currentSample());
    });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &i) {
        const QString name = i.data(SampleListModel::SampleNameRole).toString();
        if (!name.isEmpty())
            Q_EMIT sampleActivated(name);
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (!currentSample().isEmpty())
            Q_EMIT openClicked(currentSample());
    });
    connect(m_openPython, &QPushButton::clicked, this, [this] {
        if (!currentSample().isEmpty())
            Q_EMIT openPythonClicked(currentSample());
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (!currentSample().isEmpty())
            Q_EMIT compareClicked(currentSample());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        showDescription();
        Q_EMIT currentSampleChanged(currentSample());
    });
    showDescription();
}

QString SampleBrowser::currentSample() const
{
    return m_view->currentIndex().data(SampleListModel::SampleNameRole).toString();
}

void SampleBrowser::setCurrentSample(const QString &name)
{
    const QModelIndex i = m_filter->mapFromSource(m_model->indexOf(name));
    if (i.isValid()) {
        m_view->setCurrentIndex(i);
        m_view->scrollTo(i);
    } else {
        // Not a sample (a user's own program): no sample stays marked as the open one.
        m_view->setCurrentIndex(QModelIndex());
        m_view->clearSelection();
    }
}

void SampleBrowser::clearFilterFor(const QString &name)
{
    if (!m_filter->mapFromSource(m_model->indexOf(name)).isValid())
        m_search->clear();
}

void SampleBrowser::showOpenSample(const QString &name)
{
    m_replaying.clear();
    m_replayingFrom.clear();
    clearFilterFor(name);
    setCurrentSample(name);
    showDescription();
}

void SampleBrowser::showOpenTrace(const QString &fileName, const QString &recordedFrom)
{
    m_replaying = fileName;
    m_replayingFrom = recordedFrom;
    if (m_model->indexOf(recordedFrom).isValid()) {
        clearFilterFor(recordedFrom);
        setCurrentSample(recordedFrom);
    } else {
        m_view->setCurrentIndex(QModelIndex());
        m_view->clearSelection();
    }
    showDescription();
}

QString SampleBrowser::descriptionText() const
{
    return m_description->text();
}

void SampleBrowser::setOpenButtonVisible(bool visible)
{
    m_open->setVisible(visible);
    m_openPython->setVisible(visible);
    m_compare->setVisible(visible);
}

void SampleBrowser::showDescription()
{
    const samples::SampleInfo *s = m_model->sampleAt(m_filter->mapToSource(m_view->currentIndex()));
    m_open->setEnabled(s != nullptr);
    m_openPython->setEnabled(s != nullptr && s->noTwinReason.isEmpty());
    m_openPython->setToolTip(s && !s->noTwinReason.isEmpty()
                                 ? s->noTwinReason
                                 : QStringLiteral("Run the sample's Python twin (CPython, under Coroscope's tracer)"));
    m_compare->setEnabled(m_openPython->isEnabled());
    m_compare->setToolTip(s && !s->noTwinReason.isEmpty()
                              ? s->noTwinReason
                              : QStringLiteral("Step the C++ sample and its Python twin side by side, with the "
                                               "places where they differ marked"));
    QString replaying;
    if (!m_replaying.isEmpty())
        replaying = QStringLiteral("<p><i>Replaying <b>%1</b>, a saved trace (read-only)%2.</i></p>")
                        .arg(m_replaying.toHtmlEscaped(), s && s->name == m_replayingFrom ? QStringLiteral(", recorded from this sample") : QString());
    if (!s) {
        m_description->setText(replaying
                               + QStringLiteral("<i>Pick a sample: double-click or press Enter to run it.</i>"));
        return;
    }
    // The name may break after an underscore: "(cancellation_and_timeout)" is wider than the
    // dock at 1024 px and would otherwise bring in a horizontal scroll bar.
    const QString name = s->name.toHtmlEscaped().replace(u'_', QStringLiteral("_&#8203;"));
    QString html = replaying + QStringLiteral("<b>%1</b> <span style=\"opacity:0.7\">(%2)</span><p>%3</p>")
                                   .arg(s->title.toHtmlEscaped(), name, s->explanation.toHtmlEscaped());
    if (!s->keyPoints.isEmpty()) {
        html += QStringLiteral("<p><b>Watch</b></p><ul style=\"margin-left:-20px\">");
        for (const QString &k : s->keyPoints)
            html += QStringLiteral("<li>") + k.toHtmlEscaped() + QStringLiteral("</li>");
        html += QStringLiteral("</ul>");
    }
    if (!s->noTwinReason.isEmpty())
        html += QStringLiteral("<p><i>No Python twin: %1</i></p>").arg(s->noTwinReason.toHtmlEscaped());
    m_description->setText(html);
}

} // namespace coroscope::ui
