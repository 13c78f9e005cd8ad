package envoypolicy

// The local shapes of the Envoy Gateway v1alpha1 fields this package reads
// (api/v1alpha1/*_types.go). Fields typed `any` are accepted and do not bear on identity;
// keys not listed at all are reported as unknown.

type targetRef struct {
	Group       string  `json:"group"`
	Kind        string  `json:"kind"`
	Name        string  `json:"name"`
	SectionName *string `json:"sectionName"`
}

type labelSelectorRequirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values"`
}

type targetSelector struct {
	Group      *string `json:"group"`
	Kind       string  `json:"kind"`
	Namespaces *struct {
		From     string `json:"from"`
		Selector any    `json:"selector"`
	} `json:"namespaces"`
	MatchLabels      map[string]string          `json:"matchLabels"`
	MatchExpressions []labelSelectorRequirement `json:"matchExpressions"`
}

// targeting is the PolicyTargetReferences inline block and mergeType, shared by all kinds.
type targeting struct {
	TargetRef       *targetRef       `json:"targetRef"`
	TargetRefs      []targetRef      `json:"targetRefs"`
	TargetSelectors []targetSelector `json:"targetSelectors"`
	MergeType       *string          `json:"mergeType"`
}

type secretRef struct {
	Group     *string `json:"group"`
	Kind      *string `json:"kind"`
	Name      string  `json:"name"`
	Namespace *string `json:"namespace"`
}

type backendCluster struct {
	BackendRef      any `json:"backendRef"`
	BackendRefs     any `json:"backendRefs"`
	BackendSettings any `json:"backendSettings"`
}

type securitySpec struct {
	targeting
	APIKeyAuth *struct {
		CredentialRefs []secretRef `json:"credentialRefs"`
		ExtractFrom    []struct {
			Headers []string `json:"headers"`
			Params  []string `json:"params"`
			Cookies []string `json:"cookies"`
		} `json:"extractFrom"`
		ForwardClientIDHeader *string `json:"forwardClientIDHeader"`
		Sanitize              *bool   `json:"sanitize"`
	} `json:"apiKeyAuth"`
	CORS *struct {
		AllowOrigins     []string `json:"allowOrigins"`
		AllowMethods     []string `json:"allowMethods"`
		AllowHeaders     []string `json:"allowHeaders"`
		ExposeHeaders    []string `json:"exposeHeaders"`
		MaxAge           *string  `json:"maxAge"`
		AllowCredentials *bool    `json:"allowCredentials"`
	} `json:"cors"`
	CSRF      any `json:"csrf"`
	BasicAuth *struct {
		Users                 secretRef `json:"users"`
		ForwardUsernameHeader *string   `json:"forwardUsernameHeader"`
	} `json:"basicAuth"`
	JWT *struct {
		Optional  *bool `json:"optional"`
		FailOpen  *bool `json:"failOpen"`
		Providers []struct {
			Name       string   `json:"name"`
			Issuer     string   `json:"issuer"`
			Audiences  []string `json:"audiences"`
			RemoteJWKS *struct {
				backendCluster
				URI                   string `json:"uri"`
				CacheDuration         any    `json:"cacheDuration"`
				FailedRefetchDuration any    `json:"failedRefetchDuration"`
			} `json:"remoteJWKS"`
			LocalJWKS *struct {
				Type     *string `json:"type"`
				Inline   *string `json:"inline"`
				ValueRef *struct {
					Group string `json:"group"`
					Kind  string `json:"kind"`
					Name  string `json:"name"`
				} `json:"valueRef"`
			} `json:"localJWKS"`
			ClaimToHeaders []struct {
				Header string `json:"header"`
				Claim  string `json:"claim"`
			} `json:"claimToHeaders"`
			RecomputeRoute any `json:"recomputeRoute"`
			ExtractFrom    *struct {
				Headers []struct {
					Name        string  `json:"name"`
					ValuePrefix *string `json:"valuePrefix"`
				} `json:"headers"`
				Cookies []string `json:"cookies"`
				Params  []string `json:"params"`
			} `json:"extractFrom"`
		} `json:"providers"`
	} `json:"jwt"`
	OIDC *struct {
		Provider struct {
			backendCluster
			Issuer                string `json:"issuer"`
			AuthorizationEndpoint any    `json:"authorizationEndpoint"`
			TokenEndpoint         any    `json:"tokenEndpoint"`
			EndSessionEndpoint    any    `json:"endSessionEndpoint"`
		} `json:"provider"`
		ClientID               *string    `json:"clientID"`
		ClientIDRef            *secretRef `json:"clientIDRef"`
		ClientSecret           secretRef  `json:"clientSecret"`
		CookieNames            any        `json:"cookieNames"`
		CookieConfig           any        `json:"cookieConfig"`
		CookieDomain           any        `json:"cookieDomain"`
		Scopes                 []string   `json:"scopes"`
		Resources              any        `json:"resources"`
		RedirectURL            *string    `json:"redirectURL"`
		DenyRedirect           any        `json:"denyRedirect"`
		LogoutPath             any        `json:"logoutPath"`
		ForwardAccessToken     *bool      `json:"forwardAccessToken"`
		ForwardIDToken         any        `json:"forwardIDToken"`
		DefaultTokenTTL        any        `json:"defaultTokenTTL"`
		RefreshToken           any        `json:"refreshToken"`
		DefaultRefreshTokenTTL any        `json:"defaultRefreshTokenTTL"`
		CSRFTokenTTL           any        `json:"csrfTokenTTL"`
		DisableTokenEncryption any        `json:"disableTokenEncryption"`
		PassThroughAuthHeader  any        `json:"passThroughAuthHeader"`
	} `json:"oidc"`
	ExtAuth *struct {
		GRPC *struct {
			backendCluster
		} `json:"grpc"`
		HTTP *struct {
			backendCluster
			Path             *string  `json:"path"`
			PathOverride     *string  `json:"pathOverride"`
			HeadersToBackend []string `json:"headersToBackend"`
		} `json:"http"`
		HeadersToExtAuth     []string `json:"headersToExtAuth"`
		BodyToExtAuth        any      `json:"bodyToExtAuth"`
		Timeout              any      `json:"timeout"`
		FailOpen             *bool    `json:"failOpen"`
		RecomputeRoute       any      `json:"recomputeRoute"`
		IncludeRouteMetadata any      `json:"includeRouteMetadata"`
		ContextExtensions    any      `json:"contextExtensions"`
		StatusOnError        *int32   `json:"statusOnError"`
	} `json:"extAuth"`
	Authorization *struct {
		Rules []struct {
			Name      *string `json:"name"`
			Action    string  `json:"action"`
			Operation any     `json:"operation"`
			Principal *struct {
				ClientCIDRs          []string `json:"clientCIDRs"`
				JWT                  any      `json:"jwt"`
				Headers              any      `json:"headers"`
				ClientIPGeoLocations any      `json:"clientIPGeoLocations"`
			} `json:"principal"`
			CEL any `json:"cel"`
		} `json:"rules"`
		DefaultAction *string `json:"defaultAction"`
	} `json:"authorization"`
}

type clientSpec struct {
	targeting
	TCPKeepalive        any   `json:"tcpKeepalive"`
	EnableProxyProtocol *bool `json:"enableProxyProtocol"`
	ProxyProtocol       *struct {
		Optional *bool `json:"optional"`
	} `json:"proxyProtocol"`
	ClientIPDetection *struct {
		XForwardedFor *struct {
			NumTrustedHops             *uint32  `json:"numTrustedHops"`
			TrustedCIDRs               []string `json:"trustedCIDRs"`
			DisableXForwardedForAppend *bool    `json:"disableXForwardedForAppend"`
		} `json:"xForwardedFor"`
		CustomHeader *struct {
			Name       string `json:"name"`
			FailClosed *bool  `json:"failClosed"`
		} `json:"customHeader"`
		DirectSourceIP *struct{} `json:"directSourceIP"`
	} `json:"clientIPDetection"`
	TLS *struct {
		ClientValidation *struct {
			Optional                bool        `json:"optional"`
			Mode                    *string     `json:"mode"`
			CACertificateRefs       []secretRef `json:"caCertificateRefs"`
			SPKIHashes              any         `json:"spkiHashes"`
			CertificateHashes       any         `json:"certificateHashes"`
			SubjectAltNames         any         `json:"subjectAltNames"`
			Crl                     any         `json:"crl"`
			AllowExpiredCertificate any         `json:"allowExpiredCertificate"`
		} `json:"clientValidation"`
		MinVersion          any `json:"minVersion"`
		MaxVersion          any `json:"maxVersion"`
		Ciphers             any `json:"ciphers"`
		ECDHCurves          any `json:"ecdhCurves"`
		SignatureAlgorithms any `json:"signatureAlgorithms"`
		ALPNProtocols       any `json:"alpnProtocols"`
		Fingerprints        any `json:"fingerprints"`
		Session             any `json:"session"`
	} `json:"tls"`
	Path    any `json:"path"`
	Headers *struct {
		EnableEnvoyHeaders      any `json:"enableEnvoyHeaders"`
		DisableRateLimitHeaders any `json:"disableRateLimitHeaders"`
		XForwardedClientCert    *struct {
			Mode             *string `json:"mode"`
			CertDetailsToAdd any     `json:"certDetailsToAdd"`
		} `json:"xForwardedClientCert"`
		WithUnderscoresAction any           `json:"withUnderscoresAction"`
		PreserveXRequestID    *bool         `json:"preserveXRequestID"`
		RequestID             *string       `json:"requestID"`
		EarlyRequestHeaders   *headerFilter `json:"earlyRequestHeaders"`
		// LateResponseHeaders changes response headers only (see early.go).
		LateResponseHeaders   any `json:"lateResponseHeaders"`
		Host                  any `json:"host"`
		MaxRequestHeaderLimit any `json:"maxRequestHeaderLimit"`
	} `json:"headers"`
	Timeout     any `json:"timeout"`
	Connection  any `json:"connection"`
	HTTP1       any `json:"http1"`
	HTTP2       any `json:"http2"`
	HTTP3       any `json:"http3"`
	GRPC        any `json:"grpc"`
	HealthCheck any `json:"healthCheck"`
	Scheme      any `json:"scheme"`
}

// headerNameValue is a Gateway API HTTPHeader.
type headerNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// headerFilter is Envoy Gateway's HTTPHeaderFilter (api/v1alpha1/shared_types.go).
type headerFilter struct {
	Set           []headerNameValue `json:"set"`
	Add           []headerNameValue `json:"add"`
	AddIfAbsent   []headerNameValue `json:"addIfAbsent"`
	Remove        []string          `json:"remove"`
	RemoveOnMatch []struct {
		Type  *string `json:"type"`
		Value string  `json:"value"`
	} `json:"removeOnMatch"`
}

type rateLimitRule struct {
	ClientSelectors []struct {
		Headers    any `json:"headers"`
		Methods    any `json:"methods"`
		Path       any `json:"path"`
		SourceCIDR *struct {
			Type   *string `json:"type"`
			Value  string  `json:"value"`
			Invert *bool   `json:"invert"`
		} `json:"sourceCIDR"`
		QueryParams any `json:"queryParams"`
	} `json:"clientSelectors"`
	Limit struct {
		Requests     uint32 `json:"requests"`
		Unit         string `json:"unit"`
		FromMetadata any    `json:"fromMetadata"`
	} `json:"limit"`
	Cost              any   `json:"cost"`
	Shared            *bool `json:"shared"`
	ShadowMode        *bool `json:"shadowMode"`
	XRateLimitHeaders any   `json:"xRateLimitHeaders"`
}

// backendSpec reads only the identity-bearing fields of a BackendTrafficPolicy; its many
// cluster settings are not checked for unknown keys.
type backendSpec struct {
	targeting
	RateLimit *struct {
		Type   *string `json:"type"`
		Global *struct {
			Rules []rateLimitRule `json:"rules"`
		} `json:"global"`
		Local *struct {
			Rules []rateLimitRule `json:"rules"`
		} `json:"local"`
	} `json:"rateLimit"`
	RequestBuffer *struct {
		Limit any `json:"limit"`
	} `json:"requestBuffer"`
}
