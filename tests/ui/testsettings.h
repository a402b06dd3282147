#pragma once

// UI tests read and write QSettings (the window layout, the speed): each test
// executable gets its own, empty, test-mode store so that none sees another's
// or the user's.

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

inline void useEmptyTestSettings(const QString &testName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CoroscopeTests"));
    QCoreApplication::setApplicationName(testName);
    QSettings().clear();
}
