// The page's Content-Security-Policy: everything comes from this origin (the bundle, the styles,
// the /api proxy), nothing inline, nothing remote. The browser tests assert the page runs under it
// without a single violation. The page sets colours through the CSSOM (element.style), which
// style-src allows; inline style attributes and inline scripts would be blocked.
import type { ContentSecurityPolicy } from '@gitops-lab/service-kit';

export const contentSecurityPolicy: ContentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // Not upgrade-insecure-requests: classroom clusters serve the page over plain HTTP (kind, an
    // ALB without a certificate), where upgrading every request to HTTPS would break the page.
  },
};
