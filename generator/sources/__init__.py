"""Where content comes from: the template search path (setting -> local
authority -> built-in), the YAML data files that ship with templates, and the
policy's prompt catalogue declared in their front matter.

This layer sits below the profile: validating a profile's answers needs the
prompt catalogue, and nothing here knows what a profile is.
"""
