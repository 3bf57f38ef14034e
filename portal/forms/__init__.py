"""The portal's forms, one module per area: shape and format only; the services
apply the rules."""
