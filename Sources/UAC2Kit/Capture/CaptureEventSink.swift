/// Receives what the link-type decoders recover from packets.
protocol CaptureEventSink: AnyObject {
    func control(_ transfer: CaptureControlTransfer)
    func iso(_ packet: CaptureIsoPacket)
    /// Status of an OUT isochronous packet reported at completion (sizes come from the submission).
    func isoCompletionStatus(device: CaptureDeviceKey, endpoint: UInt8, status: Int32)
    /// `count` OUT isochronous packets completed with status 0 (one call per URB keeps this cheap).
    func isoCompletionsOK(device: CaptureDeviceKey, endpoint: UInt8, count: Int)
    /// A start-of-frame seen by a link-layer sniffer.
    func startOfFrame(frameNumber: Int, timestampNanoseconds: Int64)
    func note(key: String, _ message: @autoclosure () -> String, byteOffset: UInt64?, packetNumber: Int?)
}
