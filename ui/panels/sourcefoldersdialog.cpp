#include "sourcefoldersdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace coroscope::ui {

namespace {
const QString kArrow = QStringLiteral("=>");
}

SourceFoldersDialog::SourceFoldersDialog(QWidget *parent)
    : QDialog(parent), m_foldersEdit(new QPlainTextEdit(this)), m_mappingsEdit(new QPlainTextEdit(this)),
      m_error(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Source Folders"));
    auto *layout = new QVBoxLayout(this);
    auto *foldersLabel = new QLabel(QStringLiteral("<b>Search folders</b>, one per line: a source that is not where "
                                                   "it was built is looked for here by its file name."),
                                    this);
    foldersLabel->setWordWrap(true);
    layout->addWidget(foldersLabel);
    m_foldersEdit->setObjectName(QStringLiteral("searchFolders"));
    m_foldersEdit->setPlaceholderText(QStringLiteral("/home/me/src/myproject"));
    layout->addWidget(m_foldersEdit);
    auto *add = new QPushButton(QStringLiteral("Add Folder…"), this);
    connect(add, &QPushButton::clicked, this, &SourceFoldersDialog::addFolder);
    layout->addWidget(add, 0, Qt::AlignLeft);
    auto *mappingsLabel = new QLabel(QStringLiteral("<b>Path mappings</b>, one per line: <tt>built here =&gt; "
                                                    "is here now</tt> replaces the start of a recorded path."),
                                     this);
    mappingsLabel->setWordWrap(true);
    layout->addWidget(mappingsLabel);
    m_mappingsEdit->setObjectName(QStringLiteral("prefixMappings"));
    m_mappingsEdit->setPlaceholderText(QStringLiteral("/build/server/src => /home/me/src"));
    layout->addWidget(m_mappingsEdit);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_error->setPalette(palette);
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SourceFoldersDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SourceFoldersDialog::reject);
    layout->addWidget(buttons);
    resize(560, 420);
}

void SourceFoldersDialog::setFolders(const QStringList &folders)
{
    m_folders = folders;
    m_foldersEdit->setPlainText(folders.join(u'\n'));
}

void SourceFoldersDialog::setMappings(const QList<SourceLocator::PrefixMapping> &mappings)
{
    m_mappings = mappings;
    m_mappingsEdit->setPlainText(mappingLines(mappings).join(u'\n'));
}

QStringList SourceFoldersDialog::mappingLines(const QList<SourceLocator::PrefixMapping> &mappings)
{
    QStringList lines;
    for (const auto &m : mappings)
        lines << m.from + u' ' + kArrow + u' ' + m.to;
    return lines;
}

std::optional<QStringList> SourceFoldersDialog::parseFolders(const QString &text, QString *error)
{
    QStringList folders;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        if (!QFileInfo(line).isDir()) {
            *error = QStringLiteral("Search folders, line %1: %2 is not a folder.").arg(i + 1).arg(line);
            return std::nullopt;
        }
        folders << QDir::cleanPath(QFileInfo(line).absoluteFilePath());
    }
    return folders;
}

std::optional<QList<SourceLocator::PrefixMapping>> SourceFoldersDialog::parseMappings(const QString &text,
                                                                                       QString *error)
{
    QList<SourceLocator::PrefixMapping> mappings;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype arrow = line.indexOf(kArrow);
        const QString from = arrow < 0 ? QString() : line.left(arrow).trimmed();
        const QString to = arrow < 0 ? QString() : line.mid(arrow + kArrow.size()).trimmed();
        if (from.isEmpty() || to.isEmpty() || to.contains(kArrow)) {
            *error = QStringLiteral("Path mappings, line %1: write it as “/built/here => /is/here/now”.").arg(i + 1);
            return std::nullopt;
        }
        mappings.append({from, to});
    }
    return mappings;
}

void SourceFoldersDialog::accept()
{
    QString error;
    auto folders = parseFolders(m_foldersEdit->toPlainText(), &error);
    auto mappings = folders ? parseMappings(m_mappingsEdit->toPlainText(), &error) : std::nullopt;
    if (!folders || !mappings) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_folders = *folders;
    m_mappings = *mappings;
    QDialog::accept();
}

void SourceFoldersDialog::addFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Add Search Folder"));
    if (dir.isEmpty())
        return;
    QString text = m_foldersEdit->toPlainText();
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    m_foldersEdit->setPlainText(text + dir);
}

} // namespace coroscope::ui
