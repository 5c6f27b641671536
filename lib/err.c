#include "wirecheck/err.h"

const char *wc_strerror(int err)
{
	switch (err) {
	case WC_OK: return "success";
	case WC_EBOUNDS: return "offset or length outside the view";
	case WC_ERDONLY: return "write through a read-only view";
	case WC_EINVAL: return "invalid argument";
	case WC_ENOMEM: return "out of memory";
	case WC_ENOSPC: return "output buffer too small";
	case WC_EOVERLAP: return "overlapping regions";
	case WC_ETRUNC: return "header truncated";
	case WC_EETH_VLAN: return "802.1Q tag truncated or too many tags";
	case WC_EARP_FORMAT: return "ARP format not Ethernet/IPv4";
	case WC_EIP_VERSION: return "IP version field does not match";
	case WC_EIP_IHL: return "IPv4 header length below 5";
	case WC_EIP_HDRLEN: return "IPv4 header length beyond the packet";
	case WC_EIP_TOTLEN: return "IPv4 total length below header length";
	case WC_EIP_TRUNC: return "IP length field beyond the bytes present";
	case WC_EIP_OPTION: return "malformed IPv4 option";
	case WC_EIP6_EXTHDR: return "malformed IPv6 extension header";
	case WC_EIP6_CHAIN: return "IPv6 extension header chain too long";
	case WC_EUDP_LEN: return "UDP length field inconsistent";
	case WC_ETCP_OFFSET: return "TCP data offset below 5";
	case WC_ETCP_HDRLEN: return "TCP data offset beyond the segment";
	case WC_ETCP_OPTLEN: return "TCP option length 0, 1 or past the end";
	case WC_ETCP_OPTSIZE: return "TCP option length wrong for its kind";
	case WC_ETCP_OPTMANY: return "too many TCP options";
	case WC_EICMP_TRUNC: return "ICMP header truncated";
	case WC_ECKSUM: return "checksum mismatch";
	case WC_EPROTO: return "protocol not handled";
	case WC_EPCAP_OPEN: return "not a readable pcap file";
	case WC_EPCAP_LINK: return "pcap link type not supported";
	case WC_EPCAP_READ: return "pcap record truncated or corrupt";
	case WC_EPCAP_WRITE: return "pcap write failed";
	case WC_EMPK_TRUNC: return "multi-packet record truncated";
	case WC_EMPK_LEN: return "multi-packet frame length out of range";
	case WC_EMPK_MAGIC: return "multi-packet header invalid";
	case WC_EIO: return "file I/O error";
	case WC_EMPK_DELAY: return "multi-packet delay not canonical or too large";
	default: return "unknown error";
	}
}
