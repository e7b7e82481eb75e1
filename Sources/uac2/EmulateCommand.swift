import ArgumentParser
import Foundation
import UAC2Kit

/// `uac2 emulate`: the real Linux host's own verdict on a descriptor set, without hardware.
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Present descriptors to the real Linux USB audio host in a VM and report what it did.",
        discussion: """
            Boots Debian's Linux 6.1 under qemu (Tools/vm) and presents FILE's device and first \
            configuration, byte for byte, through raw-gadget on dummy_hcd at --speed. A responder of ours \
            answers every control request: the standard ones from those bytes, the class requests from the \
            model: UAC2 SAM_FREQ CUR/RANGE (the --rates) and SET CUR, CLOCK_VALID, \
            clock selector CUR, feature unit MUTE/VOLUME CUR and RANGE; UAC1 feature unit CUR/MIN/MAX/RES \
            and endpoint SAMPLING_FREQ. Reported: the usbcore and snd-usb-audio log lines, the cards and \
            PCMs created, /proc/asound/cardN/stream* (the alternate settings taken or skipped), the driver \
            of each interface and the requests the host sent, each `uac2 check` finding beside the kernel \
            lines about the same interface, alt, endpoint or clock, and what a VM cannot show.

            Setup, once (downloads about 830 MB of Debian packages into ~/.cache/uac2-vm):
              bash Tools/vm/setup
            Needs qemu-system-x86 busybox-static alsa-utils usbutils kmod make gcc xz-utils (Debian).

            Examples:
              uac2 emulate --speed full Tools/vm/cases/seed-fs-12ch.c
              uac2 emulate --rates 44.1k,48k,96k Descriptors/linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt
              uac2 emulate Descriptors/rode-ai-1-19f7_000a.lsusb.txt

            A firmware image with one set per speed (FS/HS arrays): --speed presents the set of that \
            speed, and `uac2 check` judges that set only.

            Limits: the first configuration only (bNumConfigurations is presented as 1); no device \
            qualifier, other-speed configuration or BOS is presented; no isochronous data flows, and \
            dummy_hcd does no bandwidth accounting (-28 needs a real xHCI).

            Exit status: 0 Linux made a card and listed every streaming alt; 1 a card, but some alt was \
            skipped; 2 no card; 64 usage; 65 nothing to present in FILE; 66 FILE missing; 69 the VM is not \
            set up or did not report.
            """)

    @Argument(help: ArgumentHelp("Descriptor file (any format uac2 reads).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Bus speed to present the device at: full or high (default: what the input states, else high).", valueName: "speed"))
    var speed: USBSpeed?

    @Option(help: ArgumentHelp("Rates the clock sources offer (GET RANGE) and the check sizes packets for: 44.1k,48k. (default: 48k)", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList = .default48k

    @Option(name: .long, help: ArgumentHelp("Input format instead of detecting it.", valueName: "format"))
    var format: InputFormat?

    @Option(help: ArgumentHelp("Tools/vm directory of the uac2 source tree (default: found from the executable or $UAC2_VM_DIR).", valueName: "dir"))
    var vm: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let s = speed { try s.requireUSB2("dummy_hcd emulates the two USB 2.0 speeds, full and high") }
    }

    func run() throws {
        let decoded: DecodedInput
        do {
            decoded = try InputReader.read(path: file, format: format)
        } catch {
            FileHandle.standardError.write(Data("uac2 emulate: \(file): does not exist or cannot be read\n".utf8))
            throw ExitCode(ExitStatus.noInput)
        }
        let plan: EmulatePlan
        do { plan = try EmulatePlan(decoded, speed: speed, rates: rates.hz) } catch let e as EmulatePlan.Failure {
            FileHandle.standardError.write(Data("uac2 emulate: \(file): \(e.description)\n".utf8))
            throw ExitCode(e.limitation ? 69 : ExitStatus.dataError)
        }
        var presented = decoded
        presented.devices = [plan.device]
        let check = RuleEngine.check(presented, options: CheckOptions(speed: plan.speed, rates: plan.rates))
        let obs: EmulateObservation
        do {
            let h = try EmulateVM.harness(vm)
            (obs, _) = try EmulateVM.run(harness: h, descriptors: plan.descriptors, responderArgs: plan.responderArgs, speed: plan.speed)
        } catch let e as EmulateVM.Failure {
            FileHandle.standardError.write(Data("uac2 emulate: \(e.description)\n".utf8))
            throw ExitCode(e.exitCode)
        }
        let report = EmulateReport(file: file, plan: plan, check: check, observation: obs)
        if json {
            writeOut(try report.json() + "\n")
        } else {
            writeOut(report.text())
        }
        let status = report.exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}
