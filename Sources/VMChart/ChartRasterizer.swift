internal import CRsvg
public import Foundation
import Synchronization

/// SVG → PNG and PDF in-process through librsvg's C API on cairo surfaces: the chart's one drawing (``ChartSVG``)
/// gives every format, text stays text in the PDF (cairo embeds subsets of the fonts) and the PNG is drawn at
/// twice the SVG's pixel size. Calls are serialised behind one lock (fontconfig set-up is not ours to race).
/// No C type leaves this file.
public enum ChartRasterizer {
    private static let lock = Mutex(())

    /// The largest image side in pixels: librsvg refuses nothing this size, and a PNG stays under ~100 MB.
    static let maximumSide = 12_000.0

    /// A PNG of `svg` at `scale` times its size in pixels.
    public static func png(svg: String, scale: Double = 2) throws(ChartError) -> Data {
        try render(svg) { handle, width, height throws(ChartError) in
            let w = Int32(min((width * scale).rounded(.up), maximumSide))
            let h = Int32(min((height * scale).rounded(.up), maximumSide))
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h) else {
                throw ChartError("cannot create a \(w)×\(h) image")
            }
            defer { cairo_surface_destroy(surface) }
            try draw(handle, on: surface, width: Double(w), height: Double(h))
            let sink = Sink()
            let status = cairo_surface_write_to_png_stream(
                surface, Sink.write, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else { throw ChartError("cannot encode the PNG: \(describe(status))") }
            return sink.data
        }
    }

    /// A PDF of `svg`, one page the size of the chart (a CSS pixel is 0.75 pt).
    public static func pdf(svg: String) throws(ChartError) -> Data {
        try render(svg) { handle, width, height throws(ChartError) in
            let sink = Sink()
            guard
                let surface = cairo_pdf_surface_create_for_stream(
                    Sink.write, Unmanaged.passUnretained(sink).toOpaque(), width * 0.75, height * 0.75)
            else { throw ChartError("cannot create a PDF surface") }
            do throws(ChartError) {
                try draw(handle, on: surface, width: width * 0.75, height: height * 0.75)
            } catch {
                cairo_surface_destroy(surface)
                throw error
            }
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw ChartError("cannot write the PDF: \(describe(status))") }
            return sink.data
        }
    }

    /// Parses `svg` and hands the handle and its size in pixels to `body`, under the lock.
    private static func render(
        _ svg: String, _ body: (OpaquePointer, Double, Double) throws(ChartError) -> Data
    ) throws(ChartError) -> Data {
        try lock.withLock { _ throws(ChartError) -> Data in
            let bytes = Array(svg.utf8)
            var error: UnsafeMutablePointer<GError>?
            let handle = bytes.withUnsafeBufferPointer { buffer in
                rsvg_handle_new_from_data(buffer.baseAddress, gsize(buffer.count), &error)
            }
            guard let handle else { throw ChartError("librsvg cannot read the chart: \(consume(error))") }
            defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
            var width = 0.0
            var height = 0.0
            guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
                throw ChartError("the chart's SVG has no size in pixels")
            }
            return try body(OpaquePointer(handle), width, height)
        }
    }

    /// Draws the document scaled to fill `width` × `height` of `surface`.
    private static func draw(
        _ handle: OpaquePointer, on surface: OpaquePointer, width: Double, height: Double
    ) throws(ChartError) {
        guard let context = cairo_create(surface) else { throw ChartError("cannot create a cairo context") }
        defer { cairo_destroy(context) }
        var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        let handle = UnsafeMutablePointer<RsvgHandle>(handle)
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            throw ChartError("librsvg cannot draw the chart: \(consume(error))")
        }
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw ChartError("cairo failed: \(describe(status))") }
    }

    private static func consume(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }

    private static func describe(_ status: cairo_status_t) -> String {
        cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
    }

    /// Collects the bytes cairo writes.
    private final class Sink {
        var data = Data()

        static let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
    }
}
