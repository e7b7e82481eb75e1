/* Board configuration of the demo firmware: like a real stack's port header, it refuses to build
   until the MCU is chosen, so `uac2 check --cc` needs both -Iinclude and -DDEMO_MCU=... */
#ifndef DEMO_USB_CONFIG_H
#define DEMO_USB_CONFIG_H

#define DEMO_MCU_HOST     1
#define DEMO_MCU_CORTEX_M 2

#ifndef DEMO_MCU
#error "DEMO_MCU is not defined: build with -DDEMO_MCU=DEMO_MCU_HOST (or DEMO_MCU_CORTEX_M)"
#endif

/* 12 channels of 16 bit at 48 kHz: 1176 bytes per full-speed frame, more than 1023. */
#define DEMO_CHANNELS   12
#define DEMO_SUBSLOT    2
#define DEMO_BITS       16
#define DEMO_RATE       48000

#endif
