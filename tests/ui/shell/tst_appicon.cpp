// The window's icon: the application's own drawing, compiled in, so the
// window and the taskbar show it whether or not Coroscope is installed.

#include "appicon.h"
#include "mainwindow.h"
#include "testsettings.h"

#include <QImage>
#include <QTest>
#include <QWindow>

using namespace coroscope::ui;
using namespace Qt::StringLiterals;

class TestAppIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_appicon"_s); }

    void theIconHasEverySize()
    {
        const QIcon icon = appIcon();
        QVERIFY(!icon.isNull());
        QCOMPARE(icon.availableSizes(),
                 (QList<QSize>{{16, 16}, {24, 24}, {32, 32}, {48, 48}, {64, 64}, {128, 128}, {256, 256}}));
        QCOMPARE(appId(), u"io.github.coroscope.Coroscope"_s);
    }

    void theWindowHasTheIcon_data()
    {
        QTest::addColumn<int>("size");
        for (const int size : {16, 32, 48, 256})
            QTest::addRow("%dpx", size) << size;
    }
    void theWindowHasTheIcon()
    {
        QFETCH(int, size);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QIcon icon = w.windowIcon();
        QVERIFY(!icon.isNull());
        // Pixel for pixel the drawing installed into the hicolor theme at that size.
        const QImage shown =
            icon.pixmap(QSize(size, size)).toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
        const QImage drawn =
            QImage(
                QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/icons/hicolor/%1x%1/coroscope.png").arg(size))
                .convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QVERIFY(!drawn.isNull());
        QCOMPARE(shown.size(), QSize(size, size));
        QCOMPARE(shown, drawn);
        // The window handle carries it to the window system too.
        QVERIFY(w.windowHandle());
        QVERIFY(!w.windowHandle()->icon().isNull());
    }
};

QTEST_MAIN(TestAppIcon)
#include "tst_appicon.moc"
