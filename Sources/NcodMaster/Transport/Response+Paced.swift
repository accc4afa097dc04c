import NIOCore
import Vapor

extension Response.Body {
    /// How much of a paced body is handed to the connection at once: four TLS records.
    static let pacedPiece = 64 * 1024

    /// `buffer` as a body the connection takes a piece at a time, the next piece once the socket has taken the last, with its
    /// `Content-Length` all the same. Handed over whole, an answer is encrypted whole: TLS keeps a second copy of it (4 MB for
    /// 10,000 devices, grown by doubling) until the client has read it all, for each listing client. Paced, the connection holds
    /// one piece. A body of one piece or less is handed over as it is. ``PacedAnswers`` paces every answer this way.
    static func paced(_ buffer: ByteBuffer) -> Response.Body {
        guard buffer.readableBytes > pacedPiece else { return .init(buffer: buffer) }
        return .init(stream: { writer in Self.send(buffer, to: writer) }, count: buffer.readableBytes)
    }

    /// Writes the first piece of `body` and, once the socket has it, the rest; ends the body after the last piece, or with the
    /// error that stopped a write (the connection is gone).
    private static func send(_ body: ByteBuffer, to writer: any BodyStreamWriter) {
        var remaining = body
        guard let piece = remaining.readSlice(length: min(pacedPiece, remaining.readableBytes)), piece.readableBytes > 0 else {
            writer.write(.end, promise: nil)
            return
        }
        let rest = remaining
        writer.write(.buffer(piece)).whenComplete { result in
            switch result {
            case .success: Self.send(rest, to: writer)
            case .failure(let error): writer.write(.error(error), promise: nil)
            }
        }
    }
}
