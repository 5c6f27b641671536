#ifndef WC_ERR_H
#define WC_ERR_H

/*
 * Error convention for every wirecheck function that can fail: return int,
 * WC_OK (0) on success or one negative WC_E* code. Outputs are written only
 * on success. Codes are grouped by area; each area owns its block of numbers
 * so that codes stay stable across releases (they appear in reports).
 */

#define WC_OK 0

/* generic / buffer view: -1 .. -19 */
#define WC_EBOUNDS      (-1)  /* offset or length outside the view */
#define WC_ERDONLY      (-2)  /* write through a read-only view */
#define WC_EINVAL       (-3)  /* invalid argument */
#define WC_ENOMEM       (-4)  /* allocation failed */
#define WC_ENOSPC       (-5)  /* output buffer too small */
#define WC_EOVERLAP     (-6)  /* reserved */

/* wire formats: -20 .. -79 */
#define WC_ETRUNC       (-20) /* fewer bytes than the header needs */
#define WC_EETH_VLAN    (-21) /* too many / truncated 802.1Q tags */
#define WC_EARP_FORMAT  (-22) /* ARP hardware/protocol type or lengths unsupported */
#define WC_EIP_VERSION  (-23) /* IP version field does not match */
#define WC_EIP_IHL      (-24) /* IPv4 header length below 5 words */
#define WC_EIP_HDRLEN   (-25) /* IPv4 header length beyond the frame */
#define WC_EIP_TOTLEN   (-26) /* IPv4 total length below header length */
#define WC_EIP_TRUNC    (-27) /* IP length field beyond the bytes present */
#define WC_EIP_OPTION   (-28) /* malformed IPv4 option */
#define WC_EIP6_EXTHDR  (-29) /* malformed IPv6 extension header */
#define WC_EIP6_CHAIN   (-30) /* extension header chain too long */
#define WC_EUDP_LEN     (-31) /* UDP length field inconsistent */
#define WC_ETCP_OFFSET  (-32) /* TCP data offset below 5 */
#define WC_ETCP_HDRLEN  (-33) /* TCP data offset beyond the segment */
#define WC_ETCP_OPTLEN  (-34) /* TCP option length 0, 1 or past the end */
#define WC_ETCP_OPTSIZE (-35) /* TCP option with a length its kind forbids */
#define WC_ETCP_OPTMANY (-36) /* more TCP options than a decoded header holds */
#define WC_EICMP_TRUNC  (-37) /* ICMP header truncated */
#define WC_ECKSUM       (-38) /* checksum mismatch */
#define WC_EPROTO       (-39) /* protocol not handled here */

/* checksum, pcap, multi-packet codec: -80 .. -99 */
#define WC_EPCAP_OPEN   (-80) /* pcap file could not be opened or is not a pcap */
#define WC_EPCAP_LINK   (-81) /* pcap link type not supported */
#define WC_EPCAP_READ   (-82) /* pcap record truncated or corrupt */
#define WC_EPCAP_WRITE  (-83) /* pcap write failed */
#define WC_EMPK_TRUNC   (-84) /* multi-packet input: record truncated */
#define WC_EMPK_LEN     (-85) /* multi-packet input: frame length out of range */
#define WC_EMPK_MAGIC   (-86) /* multi-packet input: bad header */
#define WC_EIO          (-87) /* file I/O error (errno has detail) */
#define WC_EMPK_DELAY   (-88) /* multi-packet input: delay not canonical or too large */

/* TCP model: -100 .. -119; differential engine: -120 .. -159 (see their headers) */

/* Short factual message for a code ("TCP data offset below 5"); never NULL. */
const char *wc_strerror(int err);

#endif
