#pragma once

// What a widget really paints as text: renders it onto a paint device whose
// engine records every text item (the string as drawn, after any eliding,
// and where). Tests compare it with the full text to catch clipped cells,
// labels and buttons.

#include <QPaintDevice>
#include <QPaintEngine>
#include <QRectF>
#include <QWidget>

namespace coroscope::test {

struct PaintedText
{
    QString text;
    QPointF at; // the baseline's start, in the rendered widget's coordinates
};

class TextRecordingEngine final : public QPaintEngine
{
public:
    TextRecordingEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState &state) override
    {
        if (state.state() & QPaintEngine::DirtyTransform)
            m_transform = state.transform();
    }
    void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override {}
    void drawPolygon(const QPointF *, int, PolygonDrawMode) override {}
    void drawPath(const QPainterPath &) override {}
    void drawRects(const QRectF *, int) override {}
    void drawLines(const QLineF *, int) override {}
    void drawEllipse(const QRectF &) override {}
    void drawImage(const QRectF &, const QImage &, const QRectF &, Qt::ImageConversionFlags) override {}
    void drawTiledPixmap(const QRectF &, const QPixmap &, const QPointF &) override {}
    void drawTextItem(const QPointF &p, const QTextItem &item) override
    {
        m_texts.push_back({item.text(), m_transform.map(p)});
    }
    Type type() const override { return QPaintEngine::User; }

    QList<PaintedText> m_texts;

private:
    QTransform m_transform;
};

class TextRecordingDevice final : public QPaintDevice
{
public:
    explicit TextRecordingDevice(QSize size) : m_size(size) {}
    QPaintEngine *paintEngine() const override { return &m_engine; }
    QList<PaintedText> texts() const { return m_engine.m_texts; }

protected:
    int metric(PaintDeviceMetric m) const override
    {
        switch (m) {
        case PdmWidth:
            return m_size.width();
        case PdmHeight:
            return m_size.height();
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return 96;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(QPaintDevice::devicePixelRatioFScale());
        case PdmDepth:
            return 32;
        case PdmNumColors:
            return INT_MAX;
        case PdmWidthMM:
            return m_size.width() * 254 / 960;
        case PdmHeightMM:
            return m_size.height() * 254 / 960;
        }
        return 0;
    }

private:
    QSize m_size;
    mutable TextRecordingEngine m_engine;
};

// Every text `widget` paints (children included), in painting order.
inline QList<PaintedText> paintedTexts(QWidget *widget)
{
    TextRecordingDevice device(widget->size());
    widget->render(&device, QPoint(), QRegion(), QWidget::DrawChildren);
    return device.texts();
}

} // namespace coroscope::test
