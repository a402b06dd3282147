#pragma once

// File → Source Folders…: where Coroscope looks for a program's source that
// is not where it was built (a moved checkout, a trace from another machine).
// Search folders are searched for a file of the same name; a mapping replaces
// a leading part of the recorded path. Bad lines are refused with the line
// number and the dialog stays open, so nothing typed is lost.

#include <coroscope/sourcefiles.h>

#include <QDialog>
#include <optional>

class QLabel;
class QPlainTextEdit;

namespace coroscope::ui {

class SourceFoldersDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SourceFoldersDialog(QWidget *parent = nullptr);

    void setFolders(const QStringList &folders);
    void setMappings(const QList<SourceLocator::PrefixMapping> &mappings);
    // Valid after accept().
    QStringList folders() const { return m_folders; }
    QList<SourceLocator::PrefixMapping> mappings() const { return m_mappings; }

    QPlainTextEdit *foldersEdit() const noexcept { return m_foldersEdit; }
    QPlainTextEdit *mappingsEdit() const noexcept { return m_mappingsEdit; }
    QLabel *errorLabel() const noexcept { return m_error; }

    // One existing folder per line; blank lines are skipped. nullopt and *error ("Line 2: …") when one is not.
    static std::optional<QStringList> parseFolders(const QString &text, QString *error);
    // One "recorded prefix => folder here" per line, and back (what the settings keep).
    static std::optional<QList<SourceLocator::PrefixMapping>> parseMappings(const QString &text, QString *error);
    static QStringList mappingLines(const QList<SourceLocator::PrefixMapping> &mappings);

    void accept() override;

private:
    void addFolder();

    QPlainTextEdit *m_foldersEdit;
    QPlainTextEdit *m_mappingsEdit;
    QLabel *m_error;
    QStringList m_folders;
    QList<SourceLocator::PrefixMapping> m_mappings;
};

} // namespace coroscope::ui
